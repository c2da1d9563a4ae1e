#include "protocols/pgwire/parameter_casts.hpp"

#include <charconv>

#include "encode/pg_types.hpp"
#include "protocols/pgwire/catalog/pg_sql_tokens.hpp"

namespace duckwire::pgwire {

namespace {

namespace oid = encode::pg::oid;

// `$n` at token i: n, else 0.
size_t parameter_number(const SqlTokens& tokens, size_t i) {
  if (i >= tokens.size() || tokens[i].kind != core::SqlTokenKind::kParameter) return 0;
  const std::string_view text = tokens.text(i);
  if (text.size() < 2 || text[0] != '$') return 0;
  size_t number = 0;
  const auto [end, error] = std::from_chars(text.data() + 1, text.data() + text.size(), number);
  if (error != std::errc() || end != text.data() + text.size()) return 0;
  return number;
}

// SQL spellings of built-in types that are not their typname.
uint32_t sql_spelling(std::string_view name) {
  struct Spelling {
    std::string_view name;
    uint32_t type_oid;
  };
  static constexpr Spelling kSpellings[] = {
      {"int", oid::kInt4},          {"integer", oid::kInt4},
      {"smallint", oid::kInt2},     {"bigint", oid::kInt8},
      {"real", oid::kFloat4},       {"float", oid::kFloat8},
      {"double", oid::kFloat8},     {"boolean", oid::kBool},
      {"decimal", oid::kNumeric},   {"character", oid::kBpchar},
      {"char", oid::kBpchar},       {"string", oid::kText},
      {"blob", oid::kBytea},
  };
  for (const Spelling& spelling : kSpellings) {
    if (spelling.name == name) return spelling.type_oid;
  }
  return 0;
}

// The type OID of the type name in tokens [first, end) (end = type_end(first)).
uint32_t type_oid_at(const SqlTokens& tokens, size_t first, size_t end) {
  size_t last_name = first;
  while (tokens.symbol(last_name + 1, ".") && tokens.identifier(last_name + 2)) last_name += 2;
  const std::string name = tokens.folded(last_name);
  size_t at = last_name + 1;
  uint32_t base = 0;
  if (name == "double" && tokens.word(at, "precision")) {
    base = oid::kFloat8;
  } else if ((name == "character" || name == "char") && tokens.word(at, "varying")) {
    base = oid::kVarchar;
  } else if (name == "bit" && tokens.word(at, "varying")) {
    base = oid::kVarbit;
  } else if (name == "timestamp" || name == "time") {
    size_t zone = at;
    if (tokens.symbol(zone, "(")) zone = tokens.closing(zone) + 1;
    const bool with_zone = tokens.word(zone, "with");
    base = name == "timestamp" ? (with_zone ? oid::kTimestampTz : oid::kTimestamp)
                               : (with_zone ? oid::kTimeTz : oid::kTime);
  } else if (const encode::pg::PgTypeInfo* info = encode::pg::find_type_by_name(name);
             info != nullptr && tokens[last_name].kind == core::SqlTokenKind::kQuotedName) {
    base = info->oid;  // "char" quoted is PostgreSQL's one-byte type
  } else if (const uint32_t spelled = sql_spelling(name); spelled != 0) {
    base = spelled;
  } else if (info != nullptr) {
    base = info->oid;
  }
  if (base == 0) return 0;
  if (end == 0 || !tokens.symbol(end - 1, "]")) return base;
  const encode::pg::PgTypeInfo* info = encode::pg::find_type(base);
  return info != nullptr ? info->array : 0;
}

// Token i (after a `::`) starts `numeric` or `decimal` with no precision and no array brackets.
bool is_bare_numeric(const SqlTokens& tokens, size_t i) {
  if (!tokens.word(i, "numeric") && !tokens.word(i, "decimal")) return false;
  return !tokens.symbol(i + 1, "(") && !tokens.symbol(i + 1, "[") && !tokens.symbol(i + 1, ".");
}

}  // namespace

ParameterCasts parameter_casts(std::string_view sql) {
  const SqlTokens tokens(sql);
  ParameterCasts casts;
  TextEdits edits;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const size_t number = parameter_number(tokens, i);
    if (number == 0) continue;
    if (casts.oids.size() < number) {
      casts.oids.resize(number, 0);
      casts.numeric.resize(number, false);
    }
    if (!tokens.symbol(i + 1, "::")) continue;
    const size_t type_first = i + 2;
    if (is_bare_numeric(tokens, type_first)) {
      edits.erase(tokens.end_before(i + 1), tokens.end_before(type_first + 1));
      casts.numeric[number - 1] = true;
      if (casts.oids[number - 1] == 0) casts.oids[number - 1] = oid::kNumeric;
      continue;
    }
    if (casts.oids[number - 1] == 0) {
      casts.oids[number - 1] = type_oid_at(tokens, type_first, tokens.type_end(type_first));
    }
  }
  casts.text = edits.empty() ? std::string(sql) : edits.apply(sql);
  return casts;
}

uint32_t type_oid_named(std::string_view type_name) {
  const SqlTokens tokens(type_name);
  if (tokens.size() == 0) return 0;
  const size_t end = tokens.type_end(0);
  if (end != tokens.size()) return 0;
  return type_oid_at(tokens, 0, end);
}

std::optional<std::string> duckdb_parameter_type(uint32_t type_oid) {
  switch (type_oid) {
    case oid::kBool:
      return "BOOLEAN";
    case oid::kBytea:
      return "BLOB";
    case oid::kInt2:
      return "SMALLINT";
    case oid::kInt4:
      return "INTEGER";
    case oid::kInt8:
      return "BIGINT";
    case oid::kOid:
      return "UINTEGER";
    case oid::kFloat4:
      return "FLOAT";
    case oid::kFloat8:
      return "DOUBLE";
    case oid::kText:
    case oid::kVarchar:
    case oid::kBpchar:
    case oid::kName:
    case oid::kUnknown:
      return "VARCHAR";
    case oid::kJson:
    case oid::kJsonb:
      return "JSON";
    case oid::kDate:
      return "DATE";
    case oid::kTime:
      return "TIME";
    case oid::kTimeTz:
      return "TIMETZ";
    case oid::kTimestamp:
      return "TIMESTAMP";
    case oid::kTimestampTz:
      return "TIMESTAMPTZ";
    case oid::kInterval:
      return "INTERVAL";
    case oid::kUuid:
      return "UUID";
    default:
      break;
  }
  const encode::pg::PgTypeInfo* info = encode::pg::find_type(type_oid);
  if (info == nullptr || info->category != 'A' || info->element == 0 || type_oid == oid::kName) return std::nullopt;
  if (info->element == oid::kNumeric) return std::nullopt;
  auto element = duckdb_parameter_type(info->element);
  if (!element) return std::nullopt;
  return *element + "[]";
}

std::string with_parameter_casts(std::string_view sql, const std::vector<std::string>& casts, bool as_null) {
  const SqlTokens tokens(sql);
  TextEdits edits;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const size_t number = parameter_number(tokens, i);
    if (number == 0 || number > casts.size() || casts[number - 1].empty()) continue;
    const std::string as = " AS " + casts[number - 1] + ")";
    if (as_null) {
      edits.replace(tokens[i].begin, tokens[i].end, "CAST(NULL" + as);
    } else {
      edits.insert(tokens[i].begin, "CAST(");
      edits.insert(tokens[i].end, as);
    }
  }
  return edits.empty() ? std::string(sql) : edits.apply(sql);
}

bool is_series_argument(std::string_view sql, size_t number) {
  const SqlTokens tokens(sql);
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (parameter_number(tokens, i) != number) continue;
    size_t depth = 0;
    for (size_t k = i; k-- > 0;) {
      if (tokens.symbol(k, ")")) ++depth;
      if (!tokens.symbol(k, "(")) continue;
      if (depth > 0) {
        --depth;
        continue;
      }
      if (k > 0 && (tokens.name(k - 1, "generate_series") || tokens.name(k - 1, "range"))) return true;
      break;
    }
  }
  return false;
}

}  // namespace duckwire::pgwire
