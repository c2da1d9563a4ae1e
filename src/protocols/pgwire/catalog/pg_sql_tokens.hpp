#pragma once
// A PostgreSQL statement's code tokens (comments left out) and the text edits the rewriter makes on
// them: the vocabulary every rewriting pass shares.

#include <string>
#include <string_view>
#include <vector>

#include "core/sql_lexer.hpp"

namespace duckwire::pgwire {

class SqlTokens {
 public:
  explicit SqlTokens(std::string_view sql);

  std::string_view sql() const { return sql_; }
  size_t size() const { return code_.size(); }
  const core::SqlToken& operator[](size_t i) const { return code_[i]; }
  std::string_view text(size_t i) const { return core::token_text(sql_, code_[i]); }

  // Token i exists and is the bare word `word` (lower case) in any case.
  bool word(size_t i, std::string_view word) const;
  // Token i exists and is the bare word or the quoted name `name` (lower case).
  bool name(size_t i, std::string_view name) const;
  // Token i exists and is a word or a quoted name.
  bool identifier(size_t i) const;
  // Token i exists and is the punctuation or operator `symbol`.
  bool symbol(size_t i, std::string_view symbol) const;
  // The identifier's name as PostgreSQL folds it: bare words lower-cased, quoted names unquoted.
  std::string folded(size_t i) const;

  // The index of the bracket closing the one at `open` (or size() when unbalanced), and back.
  size_t closing(size_t open) const;
  size_t opening(size_t close) const;
  // Past the list item starting at `first`: the next comma outside brackets, or `limit`.
  size_t item_end(size_t first, size_t limit) const;
  // Past the last token of the dotted name starting at `first` (a.b."c").
  size_t name_end(size_t first) const;
  // Past the type name starting at `first`: a dotted name, multi-word forms (double precision,
  // character varying, timestamp with time zone), modifiers (...) and array brackets.
  size_t type_end(size_t first) const;
  // Where the operand ending just before token `end` starts (a primary with its postfix casts,
  // subscripts, calls and field selections), or `end` when there is none.
  size_t operand_start(size_t end) const;
  // Past the operand that starts at token `first`, or `first` when there is none.
  size_t operand_end(size_t first) const;
  // The nearest clause word (select, from, where, by, having, values, set, returning, into, limit,
  // offset, window) before token i in the same brackets, or size() when there is none.
  size_t clause_before(size_t i) const { return i < size() ? clause_[i] : size(); }
  // Whether token i is in no brackets at all.
  bool at_top_level(size_t i) const { return i < size() && depth_[i] == 0; }
  // Byte offsets of tokens: where token i begins, and where token i - 1 ends (the end of a range);
  // past the last token, the end of the text.
  size_t begin_of(size_t i) const { return i < size() ? code_[i].begin : sql_.size(); }
  size_t end_before(size_t i) const {
    if (i == 0) return 0;
    return i <= size() ? code_[i - 1].end : sql_.size();
  }

 private:
  size_t primary_end(size_t first) const;
  bool is_keyword(size_t i) const;

  std::string_view sql_;
  std::vector<core::SqlToken> code_;
  std::vector<size_t> partner_;  // for each bracket, the index of its partner (size() when unbalanced)
  std::vector<size_t> clause_;   // for each token, clause_before
  std::vector<size_t> depth_;    // for each token, how many brackets enclose it
};

// Replacements of byte ranges of one text; ranges must not overlap (insertions at one offset keep
// their order).
class TextEdits {
 public:
  void replace(size_t begin, size_t end, std::string text) {
    edits_.push_back({begin, end, std::move(text)});
  }
  void insert(size_t at, std::string text) { replace(at, at, std::move(text)); }
  void erase(size_t begin, size_t end) { replace(begin, end, ""); }
  bool empty() const { return edits_.empty(); }
  std::string apply(std::string_view sql) const;

 private:
  struct Edit {
    size_t begin;
    size_t end;
    std::string text;
  };
  std::vector<Edit> edits_;
};

// `name` as an identifier in SQL: bare when it is a lower-case plain name, else double-quoted.
std::string quote_identifier(std::string_view name);

}  // namespace duckwire::pgwire
