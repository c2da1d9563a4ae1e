// Scalar set-returning functions in FROM with a table alias alone: PostgreSQL names their one column
// after the alias (`FROM generate_series(1, 3) s` ... `a[s]`), DuckDB reads the alias as the whole row.
// Writing the column alias out (`s(s)`) gives PostgreSQL's meaning. And generate_series of int4
// literals yields int4 values there.

#include <algorithm>
#include <array>
#include <charconv>
#include <string>

#include "encode/pg_types.hpp"
#include "protocols/pgwire/catalog/pg_rewrite_passes.hpp"

namespace duckwire::pgwire::rewrite {

namespace {

namespace oid = encode::pg::oid;

// Set-returning functions whose rows are one scalar column (unnest of one array).
constexpr std::array<std::string_view, 4> kScalarSetFunctions = {"generate_series", "generate_subscripts",
                                                                 "unnest", "regexp_split_to_table"};

// Words that may follow a FROM item and are never its alias.
constexpr std::array<std::string_view, 27> kAfterFromItem = {
    "where",  "join",      "inner",  "left",      "right",   "full",        "cross", "natural", "on",
    "using",  "group",     "having", "order",     "limit",   "offset",      "fetch", "for",     "union",
    "except", "intersect", "window", "returning", "lateral", "tablesample", "with",  "as",      "qualify"};

bool any_name(const SqlTokens& tokens, size_t i, const auto& names) {
  return std::any_of(names.begin(), names.end(), [&](std::string_view name) { return tokens.name(i, name); });
}

bool any_word(const SqlTokens& tokens, size_t i, const auto& words) {
  return std::any_of(words.begin(), words.end(), [&](std::string_view word) { return tokens.word(i, word); });
}

// Whether the item starting at token `first` is an item of a FROM list (after FROM, JOIN, LATERAL or a
// comma of a FROM list).
bool starts_from_item(const SqlTokens& tokens, size_t first) {
  if (first == 0) return false;
  size_t at = first - 1;
  if (tokens.word(at, "lateral")) {
    if (at == 0) return false;
    --at;
  }
  if (tokens.word(at, "from") || tokens.word(at, "join")) return true;
  if (!tokens.symbol(at, ",")) return false;
  const size_t clause = tokens.clause_before(at);
  return clause < tokens.size() && tokens.word(clause, "from");
}

// An integer literal PostgreSQL types int4 (optionally signed).
bool is_int4_literal(const SqlTokens& tokens, size_t first, size_t end) {
  if (end > first + 1 && (tokens.symbol(first, "-") || tokens.symbol(first, "+"))) ++first;
  if (end != first + 1 || tokens[first].kind != core::SqlTokenKind::kNumber) return false;
  const std::string_view text = tokens.text(first);
  if (text.empty() || text.size() > 10 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  return std::stoll(std::string(text)) <= 2147483647;
}

// A parameter the client left untyped or declared int2/int4: PostgreSQL resolves it as int4 beside int4
// arguments.
bool is_int4_parameter(const SqlTokens& tokens, size_t first, size_t end, std::span<const uint32_t> declared) {
  if (end != first + 1 || tokens[first].kind != core::SqlTokenKind::kParameter) return false;
  const std::string_view text = tokens.text(first);
  size_t number = 0;
  const auto [stop, error] = std::from_chars(text.data() + 1, text.data() + text.size(), number);
  if (text.size() < 2 || error != std::errc() || stop != text.data() + text.size() || number == 0) return false;
  if (number > declared.size()) return true;
  const uint32_t type = declared[number - 1];
  return type == 0 || type == oid::kInt2 || type == oid::kInt4 || type == oid::kUnknown;
}

// generate_series of int4 values yields int4 in PostgreSQL (DuckDB: BIGINT always).
bool yields_int4(const SqlTokens& tokens, size_t name, size_t close, std::span<const uint32_t> declared) {
  if (!tokens.name(name, "generate_series")) return false;
  for (size_t at = name + 2; at < close;) {
    const size_t end = tokens.item_end(at, close);
    if (!is_int4_literal(tokens, at, end) && !is_int4_parameter(tokens, at, end, declared)) return false;
    at = end + 1;
  }
  return true;
}

}  // namespace

void rewrite_function_aliases(const SqlTokens& tokens, TextEdits& edits, std::span<const uint32_t> declared) {
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (!tokens.symbol(i + 1, "(") || !any_name(tokens, i, kScalarSetFunctions)) continue;
    const size_t first = i >= 2 && tokens.symbol(i - 1, ".") && tokens.identifier(i - 2) ? i - 2 : i;
    if (!starts_from_item(tokens, first)) continue;
    const size_t close = tokens.closing(i + 1);
    if (close >= tokens.size()) continue;
    if (tokens.name(i, "unnest") && tokens.item_end(i + 2, close) != close) continue;  // several arrays
    size_t alias = close + 1;
    const bool ordinality = tokens.word(alias, "with") && tokens.word(alias + 1, "ordinality");
    if (ordinality) alias += 2;
    if (!ordinality && yields_int4(tokens, i, close, declared)) {
      const std::string_view sql = tokens.sql();
      edits.replace(
          tokens.begin_of(first), tokens[close].end,
          "(SELECT generate_series::INTEGER AS generate_series FROM " +
              std::string(sql.substr(tokens.begin_of(first), tokens[close].end - tokens.begin_of(first))) +
              ")");
    }
    if (tokens.word(alias, "as")) ++alias;
    if (!tokens.identifier(alias) || any_word(tokens, alias, kAfterFromItem) ||
        tokens.symbol(alias + 1, "(") || tokens.symbol(alias + 1, ".")) {
      continue;
    }
    edits.insert(tokens[alias].end, "(" + std::string(tokens.text(alias)) + ")");
  }
}

}  // namespace duckwire::pgwire::rewrite
