#include "backend/duckdb/common_type.hpp"

#include <algorithm>
#include <utility>

#include "backend/value.hpp"

namespace duckwire::duckdb {

namespace {

LogicalType make_list_type(const LogicalType& child) {
  return LogicalType(duckdb_create_list_type(child.get()));
}

std::vector<std::string> struct_member_names(duckdb_logical_type type) {
  std::vector<std::string> names;
  for (idx_t i = 0; i < duckdb_struct_type_child_count(type); ++i) {
    DuckString name(duckdb_struct_type_child_name(type, i));
    names.emplace_back(name ? name.get() : "");
  }
  return names;
}

// The integer types parameter values produce.
bool is_integer(duckdb_type id) {
  return id == DUCKDB_TYPE_BIGINT || id == DUCKDB_TYPE_UBIGINT || id == DUCKDB_TYPE_HUGEINT;
}

int integer_digits(duckdb_type id) {
  switch (id) {
    case DUCKDB_TYPE_BIGINT:
      return 19;
    case DUCKDB_TYPE_UBIGINT:
      return 20;
    default:
      return 39;
  }
}

bool is_numeric(duckdb_type id) {
  return is_integer(id) || id == DUCKDB_TYPE_DECIMAL || id == DUCKDB_TYPE_DOUBLE;
}

// A DECIMAL wide enough for the integer digits and the scale of both sides, capped at 38 digits; a
// value that still does not fit makes building the list fail.
LogicalType common_decimal_type(int integer_digits, int scale) {
  const int width = std::min(kMaxDecimalWidth, integer_digits + scale);
  return LogicalType(duckdb_create_decimal_type(static_cast<uint8_t>(width), static_cast<uint8_t>(scale)));
}

std::optional<LogicalType> common_numeric_type(duckdb_logical_type a, duckdb_logical_type b) {
  const duckdb_type a_id = duckdb_get_type_id(a);
  const duckdb_type b_id = duckdb_get_type_id(b);
  if (a_id == DUCKDB_TYPE_DOUBLE || b_id == DUCKDB_TYPE_DOUBLE) return make_type(DUCKDB_TYPE_DOUBLE);
  if (is_integer(a_id) && is_integer(b_id)) {
    if (a_id == b_id) return make_type(a_id);
    const bool needs_hugeint = a_id == DUCKDB_TYPE_HUGEINT || b_id == DUCKDB_TYPE_HUGEINT ||
                               a_id == DUCKDB_TYPE_UBIGINT || b_id == DUCKDB_TYPE_UBIGINT;
    return make_type(needs_hugeint ? DUCKDB_TYPE_HUGEINT : DUCKDB_TYPE_BIGINT);
  }
  auto digits_and_scale = [](duckdb_logical_type type, duckdb_type id) {
    if (id != DUCKDB_TYPE_DECIMAL) return std::pair{integer_digits(id), 0};
    const int scale = duckdb_decimal_scale(type);
    return std::pair{duckdb_decimal_width(type) - scale, scale};
  };
  const auto [a_digits, a_scale] = digits_and_scale(a, a_id);
  const auto [b_digits, b_scale] = digits_and_scale(b, b_id);
  return common_decimal_type(std::max(a_digits, b_digits), std::max(a_scale, b_scale));
}

std::optional<LogicalType> common_struct_type(duckdb_logical_type a, duckdb_logical_type b) {
  const std::vector<std::string> names = struct_member_names(a);
  if (names != struct_member_names(b)) return std::nullopt;
  std::vector<LogicalType> member_types;
  for (idx_t i = 0; i < names.size(); ++i) {
    LogicalType a_member(duckdb_struct_type_child_type(a, i));
    LogicalType b_member(duckdb_struct_type_child_type(b, i));
    auto common = common_type(a_member.get(), b_member.get());
    if (!common) return std::nullopt;
    member_types.push_back(std::move(*common));
  }
  return make_struct_type(member_types, names);
}

}  // namespace

LogicalType make_type(duckdb_type id) {
  return LogicalType(duckdb_create_logical_type(id));
}

LogicalType make_struct_type(const std::vector<LogicalType>& member_types,
                             const std::vector<std::string>& names) {
  std::vector<duckdb_logical_type> raw_types;
  std::vector<const char*> raw_names;
  for (size_t i = 0; i < names.size(); ++i) {
    raw_types.push_back(member_types[i].get());
    raw_names.push_back(names[i].c_str());
  }
  return LogicalType(duckdb_create_struct_type(raw_types.data(), raw_names.data(), names.size()));
}

LogicalType copy_type(duckdb_logical_type type) {
  return std::move(common_type(type, type).value());
}

std::optional<LogicalType> common_type(duckdb_logical_type a, duckdb_logical_type b) {
  const duckdb_type a_id = duckdb_get_type_id(a);
  const duckdb_type b_id = duckdb_get_type_id(b);
  if (a_id == DUCKDB_TYPE_SQLNULL) return b_id == DUCKDB_TYPE_SQLNULL ? make_type(a_id) : copy_type(b);
  if (b_id == DUCKDB_TYPE_SQLNULL) return copy_type(a);
  if (is_numeric(a_id) && is_numeric(b_id)) return common_numeric_type(a, b);
  if (a_id != b_id) return std::nullopt;
  if (a_id == DUCKDB_TYPE_LIST) {
    LogicalType a_child(duckdb_list_type_child_type(a));
    LogicalType b_child(duckdb_list_type_child_type(b));
    auto child = common_type(a_child.get(), b_child.get());
    if (!child) return std::nullopt;
    return make_list_type(*child);
  }
  if (a_id == DUCKDB_TYPE_STRUCT) return common_struct_type(a, b);
  return make_type(a_id);
}

}  // namespace duckwire::duckdb
