// pgJDBC's OUT parameters: `{? = call f(?)}` is sent as `select * from f($1, $2)` with $1 declared
// void, and PostgreSQL leaves void-typed parameters out of a function's arguments.

#include <algorithm>
#include <charconv>
#include <string>
#include <vector>

#include "protocols/pgwire/catalog/pg_dialect.hpp"
#include "protocols/pgwire/catalog/pg_sql_tokens.hpp"

namespace duckwire::pgwire {

namespace {

// The parameter's number ($3 → 3), or 0.
size_t parameter_number(std::string_view text) {
  size_t number = 0;
  if (text.size() < 2 || text[0] != '$') return 0;
  const auto [end, error] = std::from_chars(text.data() + 1, text.data() + text.size(), number);
  return error == std::errc() && end == text.data() + text.size() ? number : 0;
}

}  // namespace

std::optional<std::string> drop_void_parameters(std::string_view sql, const std::vector<bool>& is_void) {
  const SqlTokens tokens(sql);
  std::vector<size_t> voids_before(is_void.size() + 1, 0);  // voids_before[k]: void parameters among $1..$k
  for (size_t k = 1; k <= is_void.size(); ++k)
    voids_before[k] = voids_before[k - 1] + (is_void[k - 1] ? 1 : 0);
  const auto renumbered = [&](size_t number) {
    return number - voids_before[std::min(number, is_void.size())];
  };
  std::vector<size_t> calls;  // for each open bracket: whether it opens a call's arguments (1) or not (0)
  TextEdits edits;
  bool dropped = false;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens.symbol(i, "(") || tokens.symbol(i, "[")) {
      calls.push_back(tokens.symbol(i, "(") && i > 0 && tokens.identifier(i - 1) ? 1 : 0);
      continue;
    }
    if (tokens.symbol(i, ")") || tokens.symbol(i, "]")) {
      if (!calls.empty()) calls.pop_back();
      continue;
    }
    if (tokens[i].kind != core::SqlTokenKind::kParameter) continue;
    const size_t number = parameter_number(tokens.text(i));
    if (number == 0) return std::nullopt;
    if (number > is_void.size() || !is_void[number - 1]) {
      if (renumbered(number) != number)
        edits.replace(tokens.begin_of(i), tokens[i].end, "$" + std::to_string(renumbered(number)));
      continue;
    }
    const bool after_open = tokens.symbol(i - 1, "(");
    const bool whole_argument = !calls.empty() && calls.back() == 1 &&
                                (after_open || tokens.symbol(i - 1, ",")) &&
                                (tokens.symbol(i + 1, ")") || tokens.symbol(i + 1, ","));
    if (!whole_argument) return std::nullopt;
    if (after_open && tokens.symbol(i + 1, ",")) {
      edits.erase(tokens.begin_of(i), tokens.begin_of(i + 2));
    } else if (after_open) {
      edits.erase(tokens.begin_of(i), tokens[i].end);
    } else {
      edits.erase(tokens.begin_of(i - 1), tokens[i].end);
    }
    dropped = true;
  }
  if (!dropped) return std::nullopt;
  return edits.apply(sql);
}

}  // namespace duckwire::pgwire
