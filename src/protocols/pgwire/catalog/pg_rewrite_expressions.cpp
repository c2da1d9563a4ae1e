// Expressions DuckDB cannot evaluate with PostgreSQL's meaning: casts to PostgreSQL-only types (calls
// of the emulated catalog's macros) and the regular expression match operators.

#include <algorithm>
#include <array>
#include <optional>
#include <string>

#include "protocols/pgwire/catalog/catalog_names.hpp"
#include "protocols/pgwire/catalog/pg_rewrite_passes.hpp"

namespace duckwire::pgwire::rewrite {

namespace {

const std::string kMacroPrefix = std::string(catalog::kPgCatalogSchema) + ".duckwire_cast_";

constexpr std::array<std::string_view, 19> kCatalogTypes = {
    "regclass", "regtype",      "regproc",   "regprocedure",  "regoper",  "regoperator", "regnamespace",
    "regrole",  "regcollation", "regconfig", "regdictionary", "oid",      "name",        "char",
    "xid",      "cid",          "tid",       "int2vector",    "oidvector"};

// The PostgreSQL-only type named at token i (`"char"` only quoted: bare `char` is SQL's character),
// or empty.
std::string_view catalog_type(const SqlTokens& tokens, size_t i) {
  if (tokens.word(i, "char") || !tokens.identifier(i) || tokens.symbol(i + 1, ".")) return {};
  const std::string name = tokens.folded(i);
  const auto found = std::find(kCatalogTypes.begin(), kCatalogTypes.end(), name);
  return found == kCatalogTypes.end() ? std::string_view() : *found;
}

bool is_text_type(const SqlTokens& tokens, size_t i) {
  return (tokens.word(i, "text") || tokens.word(i, "varchar") || tokens.name(i, "name")) &&
         !tokens.symbol(i + 1, "(") && !tokens.symbol(i + 1, "[");
}

// The reg* types whose values a client sees printed as their object's name.
bool shown_as_name(std::string_view type) {
  return type == "regclass" || type == "regtype" || type == "regnamespace" || type == "regrole";
}

// The macro for a cast to `type` at token `type_at` of the operand starting at `start`, and the token
// past the cast (a following `::text` of a reg* type folds into the `_text` macro; a whole output
// column of a reg* type is the `_shown` macro: the name, as PostgreSQL prints it).
std::pair<std::string, size_t> cast_macro(const SqlTokens& tokens, std::string_view type, size_t type_at,
                                          size_t start) {
  std::string macro = std::string(kMacroPrefix) + std::string(type);
  size_t end = type_at + 1;
  if (tokens.symbol(end, "[") && tokens.symbol(end + 1, "]")) {
    return {macro + "_array", end + 2};
  }
  if (type.starts_with("reg") && tokens.symbol(end, "::") && is_text_type(tokens, end + 1)) {
    return {macro + "_text", end + 2};
  }
  if (shown_as_name(type) && whole_output_column(tokens, start, end)) return {macro + "_shown", end};
  return {macro, end};
}

// expr::type, unless expr reaches back before token `free_from`; the token past the cast.
std::optional<size_t> rewrite_operator_cast(const SqlTokens& tokens, size_t at, size_t free_from,
                                            TextEdits& edits) {
  const std::string_view type = catalog_type(tokens, at + 1);
  if (type.empty()) return std::nullopt;
  const size_t start = tokens.operand_start(at);
  if (start == at || start < free_from) return std::nullopt;
  const auto [macro, end] = cast_macro(tokens, type, at + 1, start);
  edits.insert(tokens.begin_of(start), macro + "(");
  edits.replace(tokens.begin_of(at), tokens.end_before(end), ")");
  return end;
}

// CAST(expr AS type); the token past it.
std::optional<size_t> rewrite_function_cast(const SqlTokens& tokens, size_t at, TextEdits& edits) {
  const size_t close = tokens.closing(at + 1);
  if (close >= tokens.size()) return std::nullopt;
  const bool array = tokens.symbol(close - 2, "[") && tokens.symbol(close - 1, "]");
  const size_t type_at = close - (array ? 3 : 1);
  if (type_at < at + 4 || !tokens.word(type_at - 1, "as")) return std::nullopt;
  const std::string_view type = catalog_type(tokens, type_at);
  if (type.empty()) return std::nullopt;
  edits.replace(tokens.begin_of(at), tokens[at + 1].end,
                std::string(kMacroPrefix) + std::string(type) + (array ? "_array(" : "("));
  edits.erase(tokens.end_before(type_at - 1), tokens.begin_of(close));
  return close + 1;
}

// The catalog's int2vector and oidvector columns, lists here: PostgreSQL's text of them is the numbers
// separated by spaces ('1 2'), which SQLAlchemy splits.
constexpr std::array<std::string_view, 9> kVectorColumns = {
    "indkey", "indclass", "indcollation", "indoption", "stxkeys", "tgattr", "prattrs", "proargtypes", "partattrs"};

// vector_column::text → array_to_string(vector_column, ' '); the token past the cast.
std::optional<size_t> rewrite_vector_text(const SqlTokens& tokens, size_t at, size_t free_from, TextEdits& edits) {
  if (at == 0 || !is_text_type(tokens, at + 1) || !tokens.identifier(at - 1)) return std::nullopt;
  const std::string column = tokens.folded(at - 1);
  if (std::find(kVectorColumns.begin(), kVectorColumns.end(), column) == kVectorColumns.end()) return std::nullopt;
  const size_t start = tokens.operand_start(at);
  if (start == at || start < free_from) return std::nullopt;
  edits.insert(tokens.begin_of(start), "array_to_string(");
  edits.replace(tokens.end_before(at), tokens[at + 1].end, ", ' ')");
  return at + 2;
}

struct MatchOperator {
  std::string_view op;
  bool negated;
  bool case_insensitive;
};

constexpr std::array<MatchOperator, 4> kMatchOperators = {
    {{"~", false, false}, {"!~", true, false}, {"~*", false, true}, {"!~*", true, true}}};

}  // namespace

bool rewrite_casts(const SqlTokens& tokens, TextEdits& edits) {
  size_t free_from = 0;  // tokens before it belong to a cast rewritten in this round
  for (size_t at = 0; at + 1 < tokens.size(); ++at) {
    std::optional<size_t> end;
    if (tokens.symbol(at, "::")) {
      end = rewrite_operator_cast(tokens, at, free_from, edits);
      if (!end) end = rewrite_vector_text(tokens, at, free_from, edits);
    } else if (at >= free_from && tokens.word(at, "cast") && tokens.symbol(at + 1, "(")) {
      end = rewrite_function_cast(tokens, at, edits);
    }
    if (end) free_from = *end;
  }
  return free_from > 0;
}

// PostgreSQL's `a ~ b` matches anywhere in a (DuckDB's `~` must match all of it).
bool rewrite_regex_matches(const SqlTokens& tokens, TextEdits& edits) {
  size_t free_from = 0;  // tokens before it belong to a match rewritten in this round
  for (size_t at = 1; at + 1 < tokens.size(); ++at) {
    if (tokens[at].kind != core::SqlTokenKind::kOperator) continue;
    const auto match = std::find_if(kMatchOperators.begin(), kMatchOperators.end(),
                                    [&](const MatchOperator& m) { return tokens.text(at) == m.op; });
    if (match == kMatchOperators.end()) continue;
    const size_t start = tokens.operand_start(at);
    const size_t end = tokens.operand_end(at + 1);
    if (start == at || end == at + 1 || start < free_from) continue;
    edits.insert(tokens.begin_of(start), match->negated ? "(NOT regexp_matches(" : "regexp_matches(");
    edits.replace(tokens.end_before(at), tokens[at].end, ",");
    std::string close = match->case_insensitive ? ", 'i')" : ")";
    if (match->negated) close += ")";
    edits.insert(tokens[end - 1].end, close);
    free_from = end;
  }
  return free_from > 0;
}

void rewrite_any_of_columns(const SqlTokens& tokens, TextEdits& edits) {
  for (size_t at = 1; at + 3 < tokens.size(); ++at) {
    if (tokens.text(at) != "=" || !tokens.word(at + 1, "any") || !tokens.symbol(at + 2, "(")) continue;
    const size_t close = tokens.closing(at + 2);
    if (close >= tokens.size() || !tokens.identifier(at + 3) || tokens.name_end(at + 3) != close) continue;
    const size_t start = tokens.operand_start(at);
    if (start == at) continue;
    const std::string_view column =
        tokens.sql().substr(tokens.begin_of(at + 3), tokens.end_before(close) - tokens.begin_of(at + 3));
    edits.insert(tokens.begin_of(start), "list_contains(" + std::string(column) + ", ");
    edits.replace(tokens.end_before(at), tokens[close].end, ")");
    at = close;
  }
}

}  // namespace duckwire::pgwire::rewrite
