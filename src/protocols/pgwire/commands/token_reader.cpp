#include "protocols/pgwire/commands/token_reader.hpp"

#include <charconv>

#include "util/ascii.hpp"

namespace duckwire::pgwire::commands {

namespace {

using core::SqlTokenKind;

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The content between `quote`s with each doubled quote standing for one.
std::string unquoted(std::string_view quoted_text, char quote) {
  std::string out;
  const std::string_view inner = quoted_text.size() >= 2 && quoted_text.back() == quote
                                     ? quoted_text.substr(1, quoted_text.size() - 2)
                                     : quoted_text.substr(1);
  for (size_t i = 0; i < inner.size(); ++i) {
    out += inner[i];
    if (inner[i] == quote && i + 1 < inner.size() && inner[i + 1] == quote) ++i;
  }
  return out;
}

// A '...' string or a $tag$...$tag$ one.
std::string string_content(std::string_view text) {
  if (text.front() == '\'') return unquoted(text, '\'');
  const size_t tag_end = text.find('$', 1);
  const std::string_view tag = text.substr(0, tag_end + 1);
  const std::string_view rest = text.substr(tag.size());
  return std::string(rest.size() >= tag.size() ? rest.substr(0, rest.size() - tag.size()) : rest);
}

// The content of E'...' with PostgreSQL's backslash escapes decoded (\u escapes aside, rare in commands).
std::string decode_escape_string(std::string_view raw) {
  std::string out;
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '\'' && i + 1 < raw.size() && raw[i + 1] == '\'') {
      out += '\'';
      ++i;
      continue;
    }
    if (c != '\\' || i + 1 >= raw.size()) {
      out += c;
      continue;
    }
    const char e = raw[++i];
    switch (e) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'x': {
        int value = 0;
        size_t digits = 0;
        while (digits < 2 && i + 1 < raw.size() && hex_digit(raw[i + 1]) >= 0) {
          value = value * 16 + hex_digit(raw[++i]);
          ++digits;
        }
        out += digits == 0 ? 'x' : static_cast<char>(value);
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          int value = e - '0';
          for (int digits = 1; digits < 3 && i + 1 < raw.size() && raw[i + 1] >= '0' && raw[i + 1] <= '7';
               ++digits) {
            value = value * 8 + (raw[++i] - '0');
          }
          out += static_cast<char>(value);
        } else {
          out += e;
        }
    }
  }
  return out;
}

}  // namespace

TokenReader::TokenReader(std::string_view sql) : sql_(sql) {
  core::SqlScanner scanner(sql);
  core::SqlToken token;
  while (scanner.next(token)) {
    if (token.kind != SqlTokenKind::kComment) tokens_.push_back(token);
  }
}

bool TokenReader::is_symbol(size_t index, char symbol) const {
  if (index >= tokens_.size()) return false;
  const auto kind = tokens_[index].kind;
  const std::string_view written = text(index);
  return (kind == SqlTokenKind::kSymbol || kind == SqlTokenKind::kOperator) && written.size() == 1 &&
         written[0] == symbol;
}

bool TokenReader::peek_keyword(std::string_view word, size_t ahead) const {
  const size_t index = at_ + ahead;
  return index < tokens_.size() && core::is_word(sql_, tokens_[index], word);
}

bool TokenReader::accept_keyword(std::string_view word) {
  if (!peek_keyword(word)) return false;
  ++at_;
  return true;
}

bool TokenReader::accept_keywords(std::initializer_list<std::string_view> words) {
  size_t ahead = 0;
  for (const auto word : words) {
    if (!peek_keyword(word, ahead++)) return false;
  }
  at_ += words.size();
  return true;
}

bool TokenReader::peek_symbol(char symbol) const {
  return is_symbol(at_, symbol);
}

bool TokenReader::accept_symbol(char symbol) {
  if (!peek_symbol(symbol)) return false;
  ++at_;
  return true;
}

std::optional<std::string> TokenReader::accept_identifier() {
  if (done()) return std::nullopt;
  const auto kind = tokens_[at_].kind;
  if (kind == SqlTokenKind::kWord) return ascii_lower(text(at_++));
  if (kind == SqlTokenKind::kQuotedName) return unquoted(text(at_++), '"');
  return std::nullopt;
}

std::optional<std::string> TokenReader::accept_string() {
  if (done()) return std::nullopt;
  const std::string_view written = text(at_);
  if (tokens_[at_].kind == SqlTokenKind::kString) {
    ++at_;
    return string_content(written);
  }
  const bool escape_string =
      tokens_[at_].kind == SqlTokenKind::kEscapeString && (written[0] == 'e' || written[0] == 'E');
  if (!escape_string) return std::nullopt;
  ++at_;
  std::string_view raw = written.substr(2);
  if (!raw.empty() && raw.back() == '\'') raw.remove_suffix(1);
  return decode_escape_string(raw);
}

std::optional<int64_t> TokenReader::accept_integer() {
  const size_t start = at_;
  const bool negative = accept_symbol('-');
  if (!negative) accept_symbol('+');
  if (done() || tokens_[at_].kind != SqlTokenKind::kNumber) {
    at_ = start;
    return std::nullopt;
  }
  const std::string_view written = text(at_);
  int64_t value = 0;
  const auto [end, error] = std::from_chars(written.data(), written.data() + written.size(), value);
  if (error != std::errc() || end != written.data() + written.size()) {
    at_ = start;
    return std::nullopt;
  }
  ++at_;
  return negative ? -value : value;
}

std::optional<std::string> TokenReader::accept_value(bool* quoted) {
  if (quoted != nullptr) *quoted = false;
  if (done()) return std::nullopt;
  const auto kind = tokens_[at_].kind;
  if (kind == SqlTokenKind::kWord) return ascii_lower(text(at_++));
  if (kind == SqlTokenKind::kQuotedName || kind == SqlTokenKind::kString ||
      kind == SqlTokenKind::kEscapeString) {
    auto value = kind == SqlTokenKind::kQuotedName ? accept_identifier() : accept_string();
    if (value && quoted != nullptr) *quoted = true;
    return value;
  }
  const size_t start = at_;
  std::string sign;
  if (accept_symbol('-')) {
    sign = "-";
  } else {
    accept_symbol('+');
  }
  if (done() || tokens_[at_].kind != SqlTokenKind::kNumber) {
    at_ = start;
    return std::nullopt;
  }
  return sign + std::string(text(at_++));
}

std::optional<std::string_view> TokenReader::accept_parenthesized() {
  if (!peek_symbol('(')) return std::nullopt;
  int depth = 0;
  for (size_t index = at_; index < tokens_.size(); ++index) {
    if (is_symbol(index, '(')) ++depth;
    if (is_symbol(index, ')') && --depth == 0) {
      const size_t begin = tokens_[at_].end;
      at_ = index + 1;
      return sql_.substr(begin, tokens_[index].begin - begin);
    }
  }
  return std::nullopt;
}

std::string_view TokenReader::rest() const {
  return done() ? std::string_view() : sql_.substr(tokens_[at_].begin);
}

std::string TokenReader::syntax_error() const {
  if (done()) return "syntax error at end of input";
  return "syntax error at or near \"" + std::string(text(at_)) + "\"";
}

}  // namespace duckwire::pgwire::commands
