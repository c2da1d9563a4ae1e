#pragma once
// SQL tokens with their decoded text, for the statement policy (core/sql_lexer.hpp cuts them).

#include <string>
#include <string_view>
#include <vector>

namespace duckwire::duckdb {

enum class TokenKind {
  kWord,          // keyword or bare identifier, lower-cased
  kQuotedName,    // "identifier", its content with "" unescaped
  kString,        // '...' with '' unescaped, or a $tag$ dollar-quoted string
  kEscapeString,  // E'...', U&'...', X'...', B'...': DuckDB decodes it; text is the raw content
  kComment,       // -- or /* */ content
  kSymbol,        // punctuation, `::`, or an operator
  kOther,         // numbers, $1 / ?/ $name parameters
};

struct Token {
  TokenKind kind;
  std::string text;
  size_t begin = 0;  // offset in the SQL text
  size_t end = 0;
};

// Unterminated strings, names and comments run to the end of the text (DuckDB refuses them).
std::vector<Token> tokenize_sql(std::string_view sql);

// The names `text` could spell for DuckDB, lower-cased: each run of identifier characters (letters,
// digits, '_', bytes >= 0x80) that starts with a letter, '_' or a byte >= 0x80.
std::vector<std::string> identifier_runs(std::string_view text);

}  // namespace duckwire::duckdb
