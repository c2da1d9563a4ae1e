#include "protocols/pgwire/commands/token_reader.hpp"

#include <cctype>
#include <charconv>

namespace duckwire::pgwire::commands {

namespace {

using duckdb::TokenKind;

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The content of E'...' with PostgreSQL's backslash escapes decoded (\uXXXX aside, rare in commands).
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
  for (auto& token : duckdb::tokenize_sql(sql)) {
    if (token.kind != TokenKind::kComment) tokens_.push_back(std::move(token));
  }
}

bool TokenReader::peek_keyword(std::string_view word, size_t ahead) const {
  const size_t index = at_ + ahead;
  return index < tokens_.size() && tokens_[index].kind == TokenKind::kWord && tokens_[index].text == word;
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
  return !done() && tokens_[at_].kind == TokenKind::kSymbol && tokens_[at_].text[0] == symbol;
}

bool TokenReader::accept_symbol(char symbol) {
  if (!peek_symbol(symbol)) return false;
  ++at_;
  return true;
}

std::optional<std::string> TokenReader::accept_identifier() {
  if (done()) return std::nullopt;
  const auto& token = tokens_[at_];
  if (token.kind != TokenKind::kWord && token.kind != TokenKind::kQuotedName) return std::nullopt;
  ++at_;
  return token.text;
}

std::optional<std::string> TokenReader::accept_string() {
  if (done()) return std::nullopt;
  const auto& token = tokens_[at_];
  if (token.kind == TokenKind::kString) {
    ++at_;
    return token.text;
  }
  const bool escape_string =
      token.kind == TokenKind::kEscapeString && (sql_[token.begin] == 'e' || sql_[token.begin] == 'E');
  if (!escape_string) return std::nullopt;
  ++at_;
  return decode_escape_string(token.text);
}

std::optional<int64_t> TokenReader::accept_integer() {
  const size_t start = at_;
  const bool negative = accept_symbol('-');
  if (!negative) accept_symbol('+');
  if (done() || tokens_[at_].kind != TokenKind::kOther) {
    at_ = start;
    return std::nullopt;
  }
  const std::string& text = tokens_[at_].text;
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    at_ = start;
    return std::nullopt;
  }
  ++at_;
  return negative ? -value : value;
}

std::optional<std::string> TokenReader::accept_value(bool* quoted) {
  if (quoted != nullptr) *quoted = false;
  if (done()) return std::nullopt;
  const auto& token = tokens_[at_];
  if (token.kind == TokenKind::kWord) {
    ++at_;
    return token.text;
  }
  if (token.kind == TokenKind::kQuotedName) {
    if (quoted != nullptr) *quoted = true;
    ++at_;
    return token.text;
  }
  if (auto text = accept_string()) {
    if (quoted != nullptr) *quoted = true;
    return text;
  }
  const size_t start = at_;
  std::string sign;
  if (accept_symbol('-')) {
    sign = "-";
  } else {
    accept_symbol('+');
  }
  if (done() || tokens_[at_].kind != TokenKind::kOther || tokens_[at_].text[0] == '$' ||
      tokens_[at_].text[0] == '?') {
    at_ = start;
    return std::nullopt;
  }
  return sign + tokens_[at_++].text;
}

std::optional<std::string_view> TokenReader::accept_parenthesized() {
  if (!peek_symbol('(')) return std::nullopt;
  int depth = 0;
  for (size_t index = at_; index < tokens_.size(); ++index) {
    const auto& token = tokens_[index];
    if (token.kind != TokenKind::kSymbol) continue;
    if (token.text[0] == '(') ++depth;
    if (token.text[0] == ')' && --depth == 0) {
      const size_t begin = tokens_[at_].end;
      at_ = index + 1;
      return sql_.substr(begin, token.begin - begin);
    }
  }
  return std::nullopt;
}

std::string_view TokenReader::rest() const {
  return done() ? std::string_view() : sql_.substr(tokens_[at_].begin);
}

std::string TokenReader::syntax_error() const {
  if (done()) return "syntax error at end of input";
  const auto& token = tokens_[at_];
  return "syntax error at or near \"" + std::string(sql_.substr(token.begin, token.end - token.begin)) + "\"";
}

}  // namespace duckwire::pgwire::commands
