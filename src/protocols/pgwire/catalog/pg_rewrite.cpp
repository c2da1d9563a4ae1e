#include <string>
#include <vector>

#include "protocols/pgwire/catalog/pg_dialect.hpp"
#include "protocols/pgwire/catalog/pg_rewrite_passes.hpp"

namespace duckwire::pgwire {

namespace {

using OnePass = void (*)(const SqlTokens&, TextEdits&);
using InRounds = bool (*)(const SqlTokens&, TextEdits&);

void run(OnePass pass, std::string& sql) {
  const SqlTokens tokens(sql);
  TextEdits edits;
  pass(tokens, edits);
  if (!edits.empty()) sql = edits.apply(sql);
}

// Wrapping rewrites nest (a cast of a cast, a cast inside a match operand): each round rewrites the
// outermost free ones, on the text the last round made. Deeper nesting than any client writes is left
// for DuckDB to refuse (an unknown type), bounding the work hostile text can cause.
constexpr int kMaxNesting = 32;

void run_until_done(InRounds pass, std::string& sql) {
  for (int round = 0; round < kMaxNesting; ++round) {
    const SqlTokens tokens(sql);
    TextEdits edits;
    if (!pass(tokens, edits)) return;
    sql = edits.apply(sql);
  }
}

}  // namespace

std::vector<std::string> rewrite_statement(std::string_view sql, std::span<const uint32_t> declared) {
  if (!rewrite::may_need_rewriting(sql)) {
    std::vector<std::string> unchanged;
    unchanged.reserve(1);
    unchanged.emplace_back(sql);
    return unchanged;
  }
  std::vector<std::string> statements = rewrite::expand_statement(sql);
  for (std::string& statement : statements) {
    run(rewrite::rewrite_clauses, statement);
    run(rewrite::rewrite_names, statement);
    run(rewrite::rewrite_any_of_columns, statement);
    {
      const SqlTokens tokens(statement);
      TextEdits edits;
      rewrite::rewrite_function_aliases(tokens, edits, declared);
      if (!edits.empty()) statement = edits.apply(statement);
    }
    run(rewrite::rewrite_typed_literals, statement);
    run_until_done(rewrite::rewrite_casts, statement);
    run_until_done(rewrite::rewrite_regex_matches, statement);
    run(rewrite::rewrite_untyped_nulls, statement);
  }
  return statements;
}

}  // namespace duckwire::pgwire
