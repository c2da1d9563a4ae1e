#pragma once
// A cursor over a statement's tokens (comments dropped) for the command parsers.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/sql_lexer.hpp"

namespace duckwire::pgwire::commands {

class TokenReader {
 public:
  explicit TokenReader(std::string_view sql);

  bool done() const { return at_ >= tokens_.size(); }
  // The next token is the (lower-case) keyword `word`; accept_* consume it when it is.
  bool peek_keyword(std::string_view word, size_t ahead = 0) const;
  bool accept_keyword(std::string_view word);
  // Accepts the keywords in order, or consumes nothing.
  bool accept_keywords(std::initializer_list<std::string_view> words);
  bool peek_symbol(char symbol) const;
  bool accept_symbol(char symbol);
  // An identifier: a bare word (folded to lower case) or a "quoted name" (kept as written).
  std::optional<std::string> accept_identifier();
  // A string literal: '...', E'...' (backslash escapes decoded) or $$...$$.
  std::optional<std::string> accept_string();
  // A signed integer literal.
  std::optional<int64_t> accept_integer();
  // A SET value: identifier, string or (signed) number, flattened to text; `quoted` tells whether it
  // was a quoted name or a string.
  std::optional<std::string> accept_value(bool* quoted = nullptr);
  // The text between a '(' and its matching ')', both consumed; nullopt (nothing consumed) when the next
  // token is not '(' or it is never closed.
  std::optional<std::string_view> accept_parenthesized();
  // The statement text from the next token to the end.
  std::string_view rest() const;
  // PostgreSQL's message for a statement that cannot go on here: "syntax error at or near ...".
  std::string syntax_error() const;

 private:
  std::string_view text(size_t index) const { return core::token_text(sql_, tokens_[index]); }
  bool is_symbol(size_t index, char symbol) const;

  std::string_view sql_;
  std::vector<core::SqlToken> tokens_;
  size_t at_ = 0;
};

}  // namespace duckwire::pgwire::commands
