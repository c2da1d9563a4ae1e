// Select lists: what a client sees of the statement's own output columns, and PostgreSQL's type for
// an untyped NULL select item: text (DuckDB: integer).

#include <algorithm>
#include <array>

#include "protocols/pgwire/catalog/pg_rewrite_passes.hpp"

namespace duckwire::pgwire::rewrite {

namespace {

// Words that continue an expression after an operand (so the operand is not a whole select item).
constexpr std::array<std::string_view, 17> kExpressionWords = {
    "and",  "or",   "is",  "in",   "not",    "between", "like",   "ilike",  "similar",
    "then", "else", "end", "when", "escape", "over",    "filter", "collate"};

// Words that may follow a select list and are never an alias.
constexpr std::array<std::string_view, 12> kClauseWords = {"from",  "where",  "group",  "order",
                                                           "limit", "offset", "having", "window",
                                                           "into",  "union",  "fetch",  "for"};

bool has_set_operation(const SqlTokens& tokens) {
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens.word(i, "union") || tokens.word(i, "intersect") || tokens.word(i, "except")) return true;
  }
  return false;
}

// Whether tokens [start, end) are a whole item of a select list of a query statement, at any depth.
bool select_item(const SqlTokens& tokens, size_t start, size_t end) {
  if (!tokens.word(0, "select") && !tokens.word(0, "with") && !tokens.word(0, "declare")) return false;
  if (start == 0) return false;
  const size_t clause = tokens.clause_before(start);
  if (clause >= tokens.size() || !tokens.word(clause, "select")) return false;
  const bool starts_item = tokens.symbol(start - 1, ",") || tokens.word(start - 1, "select") ||
                           tokens.word(start - 1, "distinct") || tokens.word(start - 1, "all");
  if (!starts_item || end > tokens.size()) return false;
  if (end == tokens.size() || tokens.symbol(end, ",") || tokens.symbol(end, ";")) return true;
  return tokens.identifier(end) &&
         std::none_of(kExpressionWords.begin(), kExpressionWords.end(),
                      [&](std::string_view word) { return tokens.word(end, word); });
}

}  // namespace

bool whole_output_column(const SqlTokens& tokens, size_t start, size_t end) {
  return tokens.at_top_level(start) && select_item(tokens, start, end);
}

void rewrite_untyped_nulls(const SqlTokens& tokens, TextEdits& edits) {
  if (has_set_operation(tokens)) return;  // there the other branches type the column
  for (size_t i = 1; i + 1 < tokens.size(); ++i) {
    if (!tokens.word(i, "null") || !select_item(tokens, i, i + 1)) continue;
    const bool clause = std::any_of(kClauseWords.begin(), kClauseWords.end(),
                                    [&](std::string_view word) { return tokens.word(i + 1, word); });
    if (tokens.word(i + 1, "as") || (tokens.identifier(i + 1) && !clause)) {
      edits.insert(tokens[i].end, "::VARCHAR");  // named by its alias, so the cast changes no name
    }
  }
}

}  // namespace duckwire::pgwire::rewrite
