// The rewriter's fast path: most statements hold nothing any pass rewrites, and one lexer pass over
// them (without allocating) says so.

#include <algorithm>
#include <array>

#include "protocols/pgwire/catalog/pg_rewrite_passes.hpp"

namespace duckwire::pgwire::rewrite {

namespace {

using core::SqlToken;
using core::SqlTokenKind;

// Words any pass starts from (statement heads, clause keywords, qualifiers, type names).
constexpr std::array<std::string_view, 34> kTriggerWords = {
    "alter",        "analyse",   "analyze",      "any",     "cast",        "collate",   "copy",
    "create",       "drop",      "explain",      "for",     "generate_series", "generate_subscripts",
    "indclass",     "indcollation", "indkey",    "indoption", "information_schema", "jsonb",
    "null",         "operator",  "partattrs",    "pg_catalog", "prattrs",  "proargtypes", "public",
    "regexp_split_to_table",     "stxkeys",      "tgattr",  "truncate",    "unnest",    "vacuum",
    "with",         "without"};

// Names whose casts `::name` become catalog macro calls, or lose a qualifier.
constexpr std::array<std::string_view, 21> kCastTargets = {
    "char",       "cid",         "int2vector", "jsonb",        "name",      "oid",           "oidvector",
    "pg_catalog", "public",      "regclass",   "regcollation", "regconfig", "regdictionary", "regnamespace",
    "regoper",    "regoperator", "regproc",    "regprocedure", "regrole",   "regtype",       "tid"};

// Types DuckDB takes without the precision PostgreSQL allows (::timestamptz(6)).
constexpr std::array<std::string_view, 4> kTimeTypes = {"time", "timestamp", "timestamptz", "timetz"};

bool any_word(std::string_view text, const auto& words) {
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view word) { return core::equals_word(text, word); });
}

// A quoted name spelling one of `words` ("pg_catalog", "char", ...).
bool any_quoted(std::string_view text, const auto& words) {
  return text.size() > 2 && any_word(text.substr(1, text.size() - 2), words);
}

bool triggers(std::string_view sql, const SqlToken& token, bool after_cast) {
  const std::string_view text = core::token_text(sql, token);
  switch (token.kind) {
    case SqlTokenKind::kWord:
      return any_word(text, kTriggerWords) || (after_cast && any_word(text, kCastTargets));
    case SqlTokenKind::kQuotedName:
      return any_quoted(text, kTriggerWords) || any_quoted(text, kCastTargets);
    case SqlTokenKind::kOperator:
      return text.find('~') != std::string_view::npos;
    case SqlTokenKind::kString:
      return text.starts_with("'{") || text.starts_with("'\\x");  // array text, bytea hex text
    default:
      return false;
  }
}

}  // namespace

bool may_need_rewriting(std::string_view sql) {
  core::SqlScanner scanner(sql);
  SqlToken token;
  bool after_cast = false;       // the previous token is ::
  bool after_time_cast = false;  // the previous tokens are ::time (or timestamp, timestamptz, timetz)
  while (scanner.next(token)) {
    if (triggers(sql, token, after_cast)) return true;
    if (token.kind == SqlTokenKind::kComment) continue;
    const std::string_view text = core::token_text(sql, token);
    if (after_time_cast && text == "(") return true;  // a precision, as in ::timestamptz(6)
    after_time_cast = after_cast && token.kind == SqlTokenKind::kWord && any_word(text, kTimeTypes);
    after_cast = token.kind == SqlTokenKind::kSymbol && text == "::";
  }
  return false;
}

}  // namespace duckwire::pgwire::rewrite
