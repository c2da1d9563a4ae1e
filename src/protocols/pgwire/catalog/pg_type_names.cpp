#include "protocols/pgwire/catalog/pg_type_names.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

namespace duckwire::pgwire::target_list {

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kStandardNames = {{
    {"int", "int4"},
    {"integer", "int4"},
    {"smallint", "int2"},
    {"bigint", "int8"},
    {"real", "float4"},
    {"double", "float8"},
    {"decimal", "numeric"},
    {"dec", "numeric"},
    {"boolean", "bool"},
    {"varchar", "varchar"},
}};

constexpr std::array<std::string_view, 6> kIntervalFields = {"year", "month",  "day",
                                                             "hour", "minute", "second"};

bool has_word(const SqlTokens& tokens, size_t first, size_t last, std::string_view word) {
  for (size_t at = first; at < last; ++at) {
    if (tokens.word(at, word)) return true;
  }
  return false;
}

bool interval_field(const SqlTokens& tokens, size_t at) {
  for (const std::string_view field : kIntervalFields) {
    if (tokens.word(at, field)) return true;
  }
  return false;
}

// float(p) is float4 up to 24 bits of precision.
std::string float_name(const SqlTokens& tokens, size_t at) {
  if (!tokens.symbol(at + 1, "(") || at + 2 >= tokens.size() ||
      tokens[at + 2].kind != core::SqlTokenKind::kNumber)
    return "float8";
  int bits = 0;
  for (const char c : tokens.text(at + 2)) {
    if (c < '0' || c > '9' || bits > 24) return "float8";
    bits = bits * 10 + (c - '0');
  }
  return bits <= 24 ? "float4" : "float8";
}

// The name of an unqualified keyword type spanning [at, end), or the empty string when it is none.
std::string standard_name(const SqlTokens& tokens, size_t at, size_t end) {
  const std::string word = tokens.folded(at);
  for (const auto& [spelling, name] : kStandardNames) {
    if (word == spelling) return std::string(name);
  }
  const bool varying = has_word(tokens, at, end, "varying");
  const bool zoned = has_word(tokens, at, end, "with");
  if (word == "float") return float_name(tokens, at);
  if (word == "char" || word == "character" || word == "nchar" || word == "national")
    return varying ? "varchar" : "bpchar";
  if (word == "bit") return varying ? "varbit" : "bit";
  if (word == "timestamp") return zoned ? "timestamptz" : "timestamp";
  if (word == "time") return zoned ? "timetz" : "time";
  return "";
}

}  // namespace

std::optional<TypeName> type_name(const SqlTokens& tokens, size_t first, size_t last) {
  if (first >= last || !tokens.identifier(first)) return std::nullopt;
  size_t at = first;
  if (tokens.word(at, "national") && (tokens.word(at + 1, "character") || tokens.word(at + 1, "char"))) ++at;
  size_t end = tokens.type_end(at);
  if (tokens.word(at, "nchar") && tokens.word(end, "varying")) ++end;
  TypeName type;
  const bool keyword = tokens[first].kind == core::SqlTokenKind::kWord && tokens.name_end(first) == first + 1;
  if (keyword) type.name = standard_name(tokens, first, end);
  if (type.name.empty()) type.name = tokens.folded(tokens.name_end(at) - 1);
  if (keyword) end = past_interval_fields(tokens, end, last, type.name);
  if (tokens.word(end, "array")) {
    ++end;
    if (tokens.symbol(end, "[")) end = tokens.closing(end) + 1;
  }
  if (end > last) return std::nullopt;
  type.end = end;
  return type;
}

size_t past_interval_fields(const SqlTokens& tokens, size_t at, size_t last, const std::string& type) {
  if (type != "interval") return at;
  for (int field = 0; field < 2 && at < last && interval_field(tokens, at); ++field) {
    ++at;
    if (tokens.symbol(at, "(")) at = tokens.closing(at) + 1;
    if (field == 0 && tokens.word(at, "to") && interval_field(tokens, at + 1)) {
      ++at;
    } else {
      break;
    }
  }
  return std::min(at, last);
}

}  // namespace duckwire::pgwire::target_list
