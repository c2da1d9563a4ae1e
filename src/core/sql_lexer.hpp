#pragma once
// The one SQL lexer: PostgreSQL's lexical rules, which DuckDB's scanner shares (strings, E'' strings,
// dollar quotes, nested comments, quoted names). It only tells tokens apart, never allocates, and
// never validates anything: unterminated strings, names and comments run to the end of the text.

#include <cstddef>
#include <string>
#include <string_view>

namespace duckwire::core {

enum class SqlTokenKind {
  kWord,          // keyword or bare identifier, as written
  kQuotedName,    // "identifier"
  kString,        // '...' or a $tag$ dollar-quoted string
  kEscapeString,  // E'...', U&'...', U&"...", X'...', B'...'
  kComment,       // -- to the end of the line, or a /* */ block (nested)
  kSymbol,        // one punctuation character, or `::`
  kOperator,      // a run of operator characters, cut as PostgreSQL cuts it (`=-1` is `=` then `-`)
  kNumber,        // 42, 1.5, 1e10
  kParameter,     // $1, ?, ?1, $name
};

struct SqlToken {
  SqlTokenKind kind = SqlTokenKind::kSymbol;
  size_t begin = 0;  // offsets in the SQL text
  size_t end = 0;
};

class SqlScanner {
 public:
  explicit SqlScanner(std::string_view sql) : sql_(sql) {}

  // The next token after white space; false at the end of the text.
  bool next(SqlToken& token);

 private:
  void block_comment();
  bool dollar_quote();
  void word(SqlToken& token);
  void quoted(char quote);
  void escape_string();
  void operator_run();

  std::string_view sql_;
  size_t at_ = 0;
};

// The token's text.
inline std::string_view token_text(std::string_view sql, const SqlToken& token) {
  return sql.substr(token.begin, token.end - token.begin);
}

// The text a quoted token stands for: '...' and "..." without their quotes, a doubled quote standing
// for one (an unterminated one runs to the end); $tag$...$tag$ without its tags.
std::string string_content(std::string_view token_text);

// `text` equals the lower-case `word` without regard to ASCII case.
inline bool equals_word(std::string_view text, std::string_view word) {
  if (text.size() != word.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c) != word[i]) return false;
  }
  return true;
}

// The token is the bare word `word` (lower case), in any case.
inline bool is_word(std::string_view sql, const SqlToken& token, std::string_view word) {
  return token.kind == SqlTokenKind::kWord && equals_word(token_text(sql, token), word);
}

}  // namespace duckwire::core
