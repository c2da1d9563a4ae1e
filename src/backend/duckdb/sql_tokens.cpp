#include "backend/duckdb/sql_tokens.hpp"

#include <cctype>

#include "core/sql_lexer.hpp"

namespace duckwire::duckdb {

namespace {

using core::SqlTokenKind;

bool starts_identifier(unsigned char c) {
  return std::isalpha(c) || c == '_' || c >= 0x80;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// E'...', X'...', B'...' keep their escapes (DuckDB decodes them); U&'...' and U&"..." lose their quotes.
std::string escape_string_content(std::string_view text) {
  if (text[0] == 'u' || text[0] == 'U') return core::string_content(text.substr(2));
  std::string_view content = text.substr(2);
  if (!content.empty() && content.back() == '\'' && text.size() > 2) content.remove_suffix(1);
  return std::string(content);
}

std::string decoded(std::string_view text, SqlTokenKind kind) {
  switch (kind) {
    case SqlTokenKind::kWord:
      return lower(text);
    case SqlTokenKind::kQuotedName:
    case SqlTokenKind::kString:
      return core::string_content(text);
    case SqlTokenKind::kEscapeString:
      return escape_string_content(text);
    case SqlTokenKind::kComment:
      return std::string(text.substr(0, 2) == "--" ? text.substr(2) : text);
    default:
      return std::string(text);
  }
}

TokenKind kind_of(SqlTokenKind kind) {
  switch (kind) {
    case SqlTokenKind::kWord:
      return TokenKind::kWord;
    case SqlTokenKind::kQuotedName:
      return TokenKind::kQuotedName;
    case SqlTokenKind::kString:
      return TokenKind::kString;
    case SqlTokenKind::kEscapeString:
      return TokenKind::kEscapeString;
    case SqlTokenKind::kComment:
      return TokenKind::kComment;
    case SqlTokenKind::kSymbol:
    case SqlTokenKind::kOperator:
      return TokenKind::kSymbol;
    default:
      return TokenKind::kOther;
  }
}

}  // namespace

std::vector<Token> tokenize_sql(std::string_view sql) {
  std::vector<Token> tokens;
  core::SqlScanner scanner(sql);
  core::SqlToken token;
  while (scanner.next(token)) {
    const std::string_view text = core::token_text(sql, token);
    tokens.push_back(Token{kind_of(token.kind), decoded(text, token.kind), token.begin, token.end});
  }
  return tokens;
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
