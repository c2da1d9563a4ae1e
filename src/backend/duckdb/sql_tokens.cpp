#include "backend/duckdb/sql_tokens.hpp"

#include <cctype>

namespace duckwire::duckdb {

namespace {

bool starts_identifier(unsigned char c) {
  return std::isalpha(c) || c == '_' || c >= 0x80;
}

bool continues_identifier(unsigned char c) {
  return starts_identifier(c) || std::isdigit(c) || c == '$';
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

class Lexer {
 public:
  explicit Lexer(std::string_view sql) : sql_(sql) {}

  std::vector<Token> run() {
    while (at_ < sql_.size()) {
      const size_t begin = at_;
      const unsigned char c = static_cast<unsigned char>(sql_[at_]);
      if (std::isspace(c)) {
        ++at_;
      } else if (sql_.substr(at_, 2) == "--") {
        const size_t newline = sql_.find('\n', at_);
        const size_t end = newline == std::string_view::npos ? sql_.size() : newline;
        push(TokenKind::kComment, std::string(sql_.substr(at_ + 2, end - at_ - 2)), begin, end);
      } else if (sql_.substr(at_, 2) == "/*") {
        block_comment(begin);
      } else if (c == '\'' || c == '"') {
        ++at_;
        std::string content = quoted(static_cast<char>(c));
        push(c == '"' ? TokenKind::kQuotedName : TokenKind::kString, std::move(content), begin, at_);
      } else if (c == '$' && dollar_quote(begin)) {
      } else if (starts_identifier(c)) {
        word(begin);
      } else if (std::isdigit(c) || c == '$' || c == '?') {
        ++at_;
        while (at_ < sql_.size() &&
               (continues_identifier(static_cast<unsigned char>(sql_[at_])) || sql_[at_] == '.')) {
          ++at_;
        }
        push(TokenKind::kOther, std::string(sql_.substr(begin, at_ - begin)), begin, at_);
      } else {
        ++at_;
        push(TokenKind::kSymbol, std::string(1, static_cast<char>(c)), begin, at_);
      }
    }
    return std::move(tokens_);
  }

 private:
  void push(TokenKind kind, std::string text, size_t begin, size_t end) {
    at_ = end;
    tokens_.push_back(Token{kind, std::move(text), begin, end});
  }

  // The content up to the closing `quote`, a doubled quote standing for one; at_ ends past it.
  std::string quoted(char quote) {
    std::string content;
    while (at_ < sql_.size()) {
      if (sql_[at_] == quote) {
        if (at_ + 1 < sql_.size() && sql_[at_ + 1] == quote) {
          content += quote;
          at_ += 2;
          continue;
        }
        ++at_;
        return content;
      }
      content += sql_[at_++];
    }
    return content;
  }

  // DuckDB nests block comments, as PostgreSQL does.
  void block_comment(size_t begin) {
    int depth = 0;
    size_t end = at_;
    while (end < sql_.size()) {
      if (sql_.substr(end, 2) == "/*") {
        ++depth;
        end += 2;
      } else if (sql_.substr(end, 2) == "*/") {
        end += 2;
        if (--depth == 0) break;
      } else {
        ++end;
      }
    }
    push(TokenKind::kComment, std::string(sql_.substr(begin, end - begin)), begin, end);
  }

  // $$...$$ or $tag$...$tag$; false when `$` starts a parameter ($1, $name) instead.
  bool dollar_quote(size_t begin) {
    size_t tag_end = at_ + 1;
    while (tag_end < sql_.size() &&
           (std::isalnum(static_cast<unsigned char>(sql_[tag_end])) || sql_[tag_end] == '_' ||
            static_cast<unsigned char>(sql_[tag_end]) >= 0x80)) {
      ++tag_end;
    }
    if (tag_end >= sql_.size() || sql_[tag_end] != '$') return false;
    if (tag_end > at_ + 1 && std::isdigit(static_cast<unsigned char>(sql_[at_ + 1]))) return false;
    const std::string_view tag = sql_.substr(at_, tag_end + 1 - at_);
    const size_t content = tag_end + 1;
    const size_t close = sql_.find(tag, content);
    const size_t end = close == std::string_view::npos ? sql_.size() : close + tag.size();
    const size_t content_end = close == std::string_view::npos ? sql_.size() : close;
    push(TokenKind::kString, std::string(sql_.substr(content, content_end - content)), begin, end);
    return true;
  }

  // A bare word, or a prefixed string (E'..', U&'..', X'..', B'..', U&"..").
  void word(size_t begin) {
    while (at_ < sql_.size() && continues_identifier(static_cast<unsigned char>(sql_[at_]))) ++at_;
    std::string text = lower(sql_.substr(begin, at_ - begin));
    const bool unicode = text == "u" && sql_.substr(at_, 1) == "&" && at_ + 1 < sql_.size() &&
                         (sql_[at_ + 1] == '\'' || sql_[at_ + 1] == '"');
    if (unicode) {
      const char quote = sql_[at_ + 1];
      at_ += 2;
      const std::string content = quoted(quote);
      push(TokenKind::kEscapeString, content, begin, at_);
      return;
    }
    const bool prefixed = (text == "e" || text == "x" || text == "b") && sql_.substr(at_, 1) == "'";
    if (prefixed) {
      ++at_;
      const std::string content = escape_string();
      push(TokenKind::kEscapeString, content, begin, at_);
      return;
    }
    push(TokenKind::kWord, std::move(text), begin, at_);
  }

  // E'...' content: a backslash escapes the next character, including a quote.
  std::string escape_string() {
    std::string content;
    while (at_ < sql_.size()) {
      const char c = sql_[at_];
      if (c == '\\' && at_ + 1 < sql_.size()) {
        content += sql_.substr(at_, 2);
        at_ += 2;
      } else if (c == '\'' && at_ + 1 < sql_.size() && sql_[at_ + 1] == '\'') {
        content += "''";
        at_ += 2;
      } else if (c == '\'') {
        ++at_;
        return content;
      } else {
        content += c;
        ++at_;
      }
    }
    return content;
  }

  std::string_view sql_;
  size_t at_ = 0;
  std::vector<Token> tokens_;
};

}  // namespace

std::vector<Token> tokenize_sql(std::string_view sql) {
  return Lexer(sql).run();
}

std::vector<std::string> identifier_runs(std::string_view text) {
  std::vector<std::string> runs;
  size_t at = 0;
  while (at < text.size()) {
    const auto c = static_cast<unsigned char>(text[at]);
    if (!starts_identifier(c)) {
      ++at;
      continue;
    }
    const size_t begin = at;
    while (at < text.size() && (starts_identifier(static_cast<unsigned char>(text[at])) ||
                                std::isdigit(static_cast<unsigned char>(text[at])))) {
      ++at;
    }
    runs.push_back(lower(text.substr(begin, at - begin)));
  }
  return runs;
}

}  // namespace duckwire::duckdb
