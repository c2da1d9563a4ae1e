// Schema qualifiers and type names: PostgreSQL's catalog schemas live in the attached catalog database
// (catalog_names.hpp), PostgreSQL's `public` is DuckDB's `main`, and type names DuckDB spells otherwise.

#include <algorithm>
#include <array>
#include <vector>

#include "protocols/pgwire/catalog/catalog_names.hpp"
#include "protocols/pgwire/catalog/pg_rewrite_passes.hpp"

namespace duckwire::pgwire::rewrite {

namespace {

// DuckDB built-ins with PostgreSQL's meaning that a macro cannot stand in for (aggregates, set
// returning functions) or need not: `pg_catalog.count(x)` calls DuckDB's own.
constexpr std::array<std::string_view, 21> kBuiltinFunctions = {
    "array_agg",       "array_position", "avg",   "bool_and", "bool_or", "coalesce", "count", "every",
    "generate_series", "greatest",       "least", "length",   "lower",   "max",      "min",   "now",
    "nullif",          "string_agg",     "sum",   "unnest",   "upper"};

bool is_builtin_function(const SqlTokens& tokens, size_t i) {
  return std::any_of(kBuiltinFunctions.begin(), kBuiltinFunctions.end(),
                     [&](std::string_view name) { return tokens.name(i, name); });
}

// Tokens that start a type name: after `::`, after AS in CAST(... AS type), in column definitions.
std::vector<bool> type_starts(const SqlTokens& tokens) {
  std::vector<bool> starts(tokens.size() + 1, false);
  std::vector<size_t> open;  // the brackets enclosing the token
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens.symbol(i, "::")) starts[i + 1] = true;
    if (tokens.symbol(i, "(") || tokens.symbol(i, "[")) open.push_back(i);
    if ((tokens.symbol(i, ")") || tokens.symbol(i, "]")) && !open.empty()) open.pop_back();
    if (tokens.word(i, "as") && !open.empty() && open.back() > 0 && tokens.word(open.back() - 1, "cast")) {
      starts[i + 1] = true;
    }
  }
  for (const ColumnDefinition& column : column_definitions(tokens)) starts[column.type] = true;
  return starts;
}

void rewrite_type(const SqlTokens& tokens, size_t first, TextEdits& edits) {
  size_t type = first;
  if (tokens.name(first, "pg_catalog") && tokens.symbol(first + 1, ".") && tokens.identifier(first + 2)) {
    type = first + 2;
    edits.erase(tokens.begin_of(first), tokens.begin_of(type));
  } else if (tokens.name(first, "public") && tokens.symbol(first + 1, ".") && tokens.identifier(first + 2)) {
    edits.replace(tokens.begin_of(first), tokens[first].end, "main");
  }
  if (tokens.word(type, "jsonb") && !tokens.symbol(type + 1, ".")) {
    edits.replace(tokens.begin_of(type), tokens[type].end, "JSON");
  }
  // Microseconds, written out: what DuckDB keeps anyway, though it takes no precision for these types.
  const bool time_type = tokens.word(type, "timestamptz") || tokens.word(type, "timetz") ||
                         tokens.word(type, "time") || tokens.word(type, "timestamp");
  if (time_type && tokens.symbol(type + 1, "(") && tokens.text(type + 2) == "6" &&
      tokens.symbol(type + 3, ")")) {
    edits.erase(tokens[type].end, tokens[type + 3].end);
  }
}

bool is_qualifier(const SqlTokens& tokens, size_t i) {
  return tokens.symbol(i + 1, ".") && tokens.identifier(i + 2) && !(i > 0 && tokens.symbol(i - 1, "."));
}

}  // namespace

void rewrite_names(const SqlTokens& tokens, TextEdits& edits) {
  const std::vector<bool> types = type_starts(tokens);
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (types[i]) {
      rewrite_type(tokens, i, edits);
      i = tokens.name_end(i) - 1;
      continue;
    }
    if (!is_qualifier(tokens, i)) continue;
    const size_t replaced_end = tokens[i].end;
    if (tokens.name(i, "public")) {
      edits.replace(tokens.begin_of(i), replaced_end, "main");
    } else if (tokens.name(i, "information_schema")) {
      edits.replace(tokens.begin_of(i), replaced_end, std::string(catalog::kInformationSchema));
    } else if (tokens.name(i, "pg_catalog") && tokens.symbol(i + 3, "(") &&
               is_builtin_function(tokens, i + 2)) {
      edits.erase(tokens.begin_of(i), tokens.begin_of(i + 2));
    } else if (tokens.name(i, "pg_catalog")) {
      edits.replace(tokens.begin_of(i), replaced_end, std::string(catalog::kPgCatalogSchema));
    }
  }
}

}  // namespace duckwire::pgwire::rewrite
