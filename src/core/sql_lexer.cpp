#include "core/sql_lexer.hpp"

namespace duckwire::core {

namespace {

// ASCII classes written out: the <cctype> ones consult the locale on every character.
constexpr bool is_space(unsigned char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}
constexpr bool is_digit(unsigned char c) {
  return c >= '0' && c <= '9';
}
constexpr bool is_letter(unsigned char c) {
  return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

constexpr bool starts_identifier(unsigned char c) {
  return is_letter(c) || c == '_' || c >= 0x80;
}

constexpr bool continues_identifier(unsigned char c) {
  return starts_identifier(c) || is_digit(c) || c == '$';
}

constexpr bool is_operator_char(char c) {
  switch (c) {
    case '+':
    case '-':
    case '*':
    case '/':
    case '<':
    case '>':
    case '=':
    case '~':
    case '!':
    case '@':
    case '#':
    case '%':
    case '^':
    case '&':
    case '|':
    case '`':
      return true;
    default:
      return false;
  }
}

// PostgreSQL lets a multi-character operator end in + or - only when it holds one of these.
bool allows_trailing_sign(std::string_view op) {
  return op.find_first_of("~!@#%^&|`") != std::string_view::npos;
}

}  // namespace

bool SqlScanner::next(SqlToken& token) {
  while (at_ < sql_.size() && is_space(static_cast<unsigned char>(sql_[at_]))) ++at_;
  if (at_ >= sql_.size()) return false;
  token.begin = at_;
  const unsigned char c = static_cast<unsigned char>(sql_[at_]);
  const char after = at_ + 1 < sql_.size() ? sql_[at_ + 1] : '\0';
  if (c == '-' && after == '-') {
    const size_t newline = sql_.find('\n', at_);
    at_ = newline == std::string_view::npos ? sql_.size() : newline;
    token.kind = SqlTokenKind::kComment;
  } else if (c == '/' && after == '*') {
    block_comment();
    token.kind = SqlTokenKind::kComment;
  } else if (c == '\'' || c == '"') {
    ++at_;
    quoted(static_cast<char>(c));
    token.kind = c == '"' ? SqlTokenKind::kQuotedName : SqlTokenKind::kString;
  } else if (c == '$' && dollar_quote()) {
    token.kind = SqlTokenKind::kString;
  } else if (starts_identifier(c)) {
    word(token);
  } else if (is_digit(c) || c == '$' || c == '?') {
    ++at_;
    while (at_ < sql_.size() &&
           (continues_identifier(static_cast<unsigned char>(sql_[at_])) || sql_[at_] == '.')) {
      ++at_;
    }
    token.kind = is_digit(c) ? SqlTokenKind::kNumber : SqlTokenKind::kParameter;
  } else if (c == ':' && after == ':') {
    at_ += 2;
    token.kind = SqlTokenKind::kSymbol;
  } else if (is_operator_char(static_cast<char>(c))) {
    operator_run();
    token.kind = SqlTokenKind::kOperator;
  } else {
    ++at_;
    token.kind = SqlTokenKind::kSymbol;
  }
  token.end = at_;
  return true;
}

void SqlScanner::block_comment() {
  int depth = 0;
  while (at_ < sql_.size()) {
    const std::string_view two = sql_.substr(at_, 2);
    if (two == "/*") {
      ++depth;
      at_ += 2;
    } else if (two == "*/") {
      at_ += 2;
      if (--depth == 0) return;
    } else {
      ++at_;
    }
  }
}

// $$...$$ or $tag$...$tag$; false when `$` starts a parameter ($1, $name) instead.
bool SqlScanner::dollar_quote() {
  size_t tag_end = at_ + 1;
  while (tag_end < sql_.size() && sql_[tag_end] != '$' &&
         continues_identifier(static_cast<unsigned char>(sql_[tag_end]))) {
    ++tag_end;
  }
  if (tag_end >= sql_.size() || sql_[tag_end] != '$') return false;
  if (tag_end > at_ + 1 && is_digit(static_cast<unsigned char>(sql_[at_ + 1]))) return false;
  const std::string_view tag = sql_.substr(at_, tag_end + 1 - at_);
  const size_t close = sql_.find(tag, tag_end + 1);
  at_ = close == std::string_view::npos ? sql_.size() : close + tag.size();
  return true;
}

// A bare word, or a prefixed string (E'..', U&'..', X'..', B'..', U&"..").
void SqlScanner::word(SqlToken& token) {
  const size_t begin = at_;
  while (at_ < sql_.size() && continues_identifier(static_cast<unsigned char>(sql_[at_]))) ++at_;
  const std::string_view text = sql_.substr(begin, at_ - begin);
  token.kind = SqlTokenKind::kWord;
  const bool unicode = equals_word(text, "u") && sql_.substr(at_, 1) == "&" && at_ + 1 < sql_.size() &&
                       (sql_[at_ + 1] == '\'' || sql_[at_ + 1] == '"');
  if (unicode) {
    const char quote = sql_[at_ + 1];
    at_ += 2;
    quoted(quote);
    token.kind = SqlTokenKind::kEscapeString;
  } else if ((equals_word(text, "e") || equals_word(text, "x") || equals_word(text, "b")) &&
             sql_.substr(at_, 1) == "'") {
    ++at_;
    escape_string();
    token.kind = SqlTokenKind::kEscapeString;
  }
}

// Up to and past the closing `quote`; a doubled quote stands for one.
void SqlScanner::quoted(char quote) {
  while (at_ < sql_.size()) {
    if (sql_[at_] != quote) {
      ++at_;
    } else if (at_ + 1 < sql_.size() && sql_[at_ + 1] == quote) {
      at_ += 2;
    } else {
      ++at_;
      return;
    }
  }
}

// E'...' content: a backslash escapes the next character, including a quote.
void SqlScanner::escape_string() {
  while (at_ < sql_.size()) {
    const char c = sql_[at_];
    if (c == '\\' && at_ + 1 < sql_.size()) {
      at_ += 2;
    } else if (c == '\'' && at_ + 1 < sql_.size() && sql_[at_ + 1] == '\'') {
      at_ += 2;
    } else if (c == '\'') {
      ++at_;
      return;
    } else {
      ++at_;
    }
  }
}

void SqlScanner::operator_run() {
  const size_t begin = at_;
  while (at_ < sql_.size() && is_operator_char(sql_[at_])) {
    const char after = at_ + 1 < sql_.size() ? sql_[at_ + 1] : '\0';
    if (at_ > begin && ((sql_[at_] == '-' && after == '-') || (sql_[at_] == '/' && after == '*'))) break;
    ++at_;
  }
  while (at_ - begin > 1 && (sql_[at_ - 1] == '+' || sql_[at_ - 1] == '-') &&
         !allows_trailing_sign(sql_.substr(begin, at_ - begin))) {
    --at_;
  }
}

std::string string_content(std::string_view text) {
  std::string content;
  if (text.empty()) return content;
  if (text[0] == '$') {
    const size_t tag_size = text.find('$', 1) + 1;
    const bool closed =
        text.size() >= 2 * tag_size && text.substr(text.size() - tag_size) == text.substr(0, tag_size);
    return std::string(text.substr(tag_size, text.size() - tag_size - (closed ? tag_size : 0)));
  }
  const char quote = text[0];
  for (size_t at = 1; at < text.size(); ++at) {
    if (text[at] != quote) {
      content += text[at];
    } else if (at + 1 < text.size() && text[at + 1] == quote) {
      content += quote;
      ++at;
    } else {
      break;
    }
  }
  return content;
}

}  // namespace duckwire::core
