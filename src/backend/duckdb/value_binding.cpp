#include "backend/duckdb/value_binding.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "backend/duckdb/common_type.hpp"
#include "util/ascii.hpp"
#include "util/calendar.hpp"
#include "util/int128.hpp"

namespace duckwire::duckdb {

namespace {

bool fits_decimal_width(const DecimalValue& decimal) {
  int128_t limit = 1;
  for (int i = 0; i < decimal.width; ++i) limit *= 10;
  const int128_t unscaled = join_halves(decimal.upper, decimal.lower);
  return unscaled < limit && unscaled > -limit;
}

Error invalid_value(std::string message) {
  return Error{ErrorKind::kInvalidParameter, std::move(message)};
}

// Owned DuckDB values, and the raw array of them that DuckDB's list and struct constructors take.
struct ConvertedValues {
  std::vector<ValueHandle> handles;
  std::vector<duckdb_value> values;
};

Result<ConvertedValues> convert_all(const std::vector<const Value*>& items) {
  ConvertedValues converted;
  for (const Value* item : items) {
    auto handle = to_duckdb_value(*item);
    if (!handle) return handle.error();
    converted.values.push_back(handle->get());
    converted.handles.push_back(std::move(handle).value());
  }
  return converted;
}

// The element type is the common type of the items. An empty or all-NULL list gets DuckDB's NULL
// element type, as the literal [] does: it casts implicitly to any list type.
Result<ValueHandle> to_duckdb_list(const ListValue& list) {
  std::vector<const Value*> items;
  for (const Value& item : list.items) items.push_back(&item);
  auto converted = convert_all(items);
  if (!converted) return converted.error();
  LogicalType element_type = make_type(DUCKDB_TYPE_SQLNULL);
  for (duckdb_value item : converted->values) {
    auto common = common_type(element_type.get(), duckdb_get_value_type(item));
    if (!common) return invalid_value("list items have different types");
    element_type = std::move(*common);
  }
  // DuckDB refuses a null array pointer even for an empty list.
  duckdb_value no_items = nullptr;
  duckdb_value* values = converted->values.empty() ? &no_items : converted->values.data();
  ValueHandle result(duckdb_create_list_value(element_type.get(), values, converted->values.size()));
  if (!result) return invalid_value("list items cannot be converted to a common type");
  return result;
}

Result<ValueHandle> to_duckdb_struct(const StructValue& record) {
  if (record.members.empty()) return invalid_value("a struct needs at least one member");
  std::vector<std::string> names;
  std::vector<const Value*> members;
  for (const auto& [name, member] : record.members) {
    if (name.empty()) return invalid_value("struct member names cannot be empty");
    for (const std::string& earlier : names) {
      if (equals_ignoring_case(earlier, name)) {
        return invalid_value("duplicate struct member \"" + name + "\"");
      }
    }
    names.push_back(name);
    members.push_back(&member);
  }
  auto converted = convert_all(members);
  if (!converted) return converted.error();
  std::vector<LogicalType> member_types;
  for (duckdb_value member : converted->values) {
    member_types.push_back(copy_type(duckdb_get_value_type(member)));
  }
  LogicalType type = make_struct_type(member_types, names);
  ValueHandle result(duckdb_create_struct_value(type.get(), converted->values.data()));
  if (!result) return invalid_value("cannot build a struct from these members");
  return result;
}

}  // namespace

Result<ValueHandle> to_duckdb_value(const Value& value) {
  struct Visitor {
    Result<ValueHandle> operator()(const NullValue&) const { return ValueHandle(duckdb_create_null_value()); }
    Result<ValueHandle> operator()(bool v) const { return ValueHandle(duckdb_create_bool(v)); }
    Result<ValueHandle> operator()(int64_t v) const { return ValueHandle(duckdb_create_int64(v)); }
    Result<ValueHandle> operator()(uint64_t v) const { return ValueHandle(duckdb_create_uint64(v)); }
    Result<ValueHandle> operator()(double v) const { return ValueHandle(duckdb_create_double(v)); }
    Result<ValueHandle> operator()(const std::string& v) const {
      return ValueHandle(duckdb_create_varchar_length(v.data(), v.size()));
    }
    Result<ValueHandle> operator()(const BlobValue& v) const {
      const auto* bytes = reinterpret_cast<const uint8_t*>(v.bytes.data());
      return ValueHandle(duckdb_create_blob(bytes, v.bytes.size()));
    }
    Result<ValueHandle> operator()(const DateValue& v) const {
      return ValueHandle(duckdb_create_date(duckdb_date{v.days}));
    }
    Result<ValueHandle> operator()(const TimeValue& v) const {
      if (v.micros < 0 || v.micros > kMicrosPerDay) return invalid_value("time of day out of range");
      return ValueHandle(duckdb_create_time(duckdb_time{v.micros}));
    }
    Result<ValueHandle> operator()(const TimestampValue& v) const {
      const duckdb_timestamp timestamp{v.micros};
      return ValueHandle(v.with_time_zone ? duckdb_create_timestamp_tz(timestamp)
                                          : duckdb_create_timestamp(timestamp));
    }
    Result<ValueHandle> operator()(const IntervalValue& v) const {
      return ValueHandle(duckdb_create_interval(duckdb_interval{v.months, v.days, v.micros}));
    }
    Result<ValueHandle> operator()(const HugeIntValue& v) const {
      return ValueHandle(duckdb_create_hugeint(duckdb_hugeint{v.lower, v.upper}));
    }
    Result<ValueHandle> operator()(const UHugeIntValue& v) const {
      return ValueHandle(duckdb_create_uhugeint(duckdb_uhugeint{v.lower, v.upper}));
    }
    Result<ValueHandle> operator()(const DecimalValue& v) const {
      // DuckDB aborts on widths it cannot represent and on values wider than their width.
      const std::string type = "DECIMAL(" + std::to_string(v.width) + "," + std::to_string(v.scale) + ")";
      if (v.width < 1 || v.width > kMaxDecimalWidth || v.scale > v.width) {
        return invalid_value("invalid " + type);
      }
      if (!fits_decimal_width(v)) return invalid_value("value does not fit " + type);
      const duckdb_hugeint unscaled{v.lower, v.upper};
      return ValueHandle(duckdb_create_decimal(duckdb_decimal{v.width, v.scale, unscaled}));
    }
    Result<ValueHandle> operator()(const ListValue& v) const { return to_duckdb_list(v); }
    Result<ValueHandle> operator()(const StructValue& v) const { return to_duckdb_struct(v); }
  };
  return std::visit(Visitor{}, value.v);
}

namespace {

template <class T>
bool fits(int64_t v) {
  return v >= static_cast<int64_t>(std::numeric_limits<T>::min()) &&
         (v < 0 || static_cast<uint64_t>(v) <= static_cast<uint64_t>(std::numeric_limits<T>::max()));
}

// An integer or a double made in the number type the statement gave the parameter, when it holds
// the value exactly: DuckDB re-plans a prepared statement for a value of another type.
std::optional<ValueHandle> in_parameter_type(duckdb_prepared_statement statement, idx_t index, const Value& raw) {
  if (const auto* v = std::get_if<int64_t>(&raw.v)) {
    switch (duckdb_param_type(statement, index)) {
      case DUCKDB_TYPE_TINYINT:
        if (fits<int8_t>(*v)) return ValueHandle(duckdb_create_int8(static_cast<int8_t>(*v)));
        break;
      case DUCKDB_TYPE_SMALLINT:
        if (fits<int16_t>(*v)) return ValueHandle(duckdb_create_int16(static_cast<int16_t>(*v)));
        break;
      case DUCKDB_TYPE_INTEGER:
        if (fits<int32_t>(*v)) return ValueHandle(duckdb_create_int32(static_cast<int32_t>(*v)));
        break;
      case DUCKDB_TYPE_UTINYINT:
        if (fits<uint8_t>(*v)) return ValueHandle(duckdb_create_uint8(static_cast<uint8_t>(*v)));
        break;
      case DUCKDB_TYPE_USMALLINT:
        if (fits<uint16_t>(*v)) return ValueHandle(duckdb_create_uint16(static_cast<uint16_t>(*v)));
        break;
      case DUCKDB_TYPE_UINTEGER:
        if (fits<uint32_t>(*v)) return ValueHandle(duckdb_create_uint32(static_cast<uint32_t>(*v)));
        break;
      case DUCKDB_TYPE_UBIGINT:
        if (*v >= 0) return ValueHandle(duckdb_create_uint64(static_cast<uint64_t>(*v)));
        break;
      case DUCKDB_TYPE_HUGEINT:
        return ValueHandle(duckdb_create_hugeint(duckdb_hugeint{static_cast<uint64_t>(*v), *v < 0 ? -1 : 0}));
      default:
        break;
    }
  } else if (const auto* d = std::get_if<double>(&raw.v)) {
    const auto narrow = static_cast<float>(*d);
    if (duckdb_param_type(statement, index) == DUCKDB_TYPE_FLOAT &&
        (static_cast<double>(narrow) == *d || *d != *d)) {
      return ValueHandle(duckdb_create_float(narrow));
    }
  }
  return std::nullopt;
}

Result<void> bind_one(duckdb_prepared_statement statement, idx_t index, const Value& raw,
                      const std::string& parameter) {
  if (auto exact = in_parameter_type(statement, index, raw)) {
    if (duckdb_bind_value(statement, index, exact->get()) == DuckDBError) {
      return Error{ErrorKind::kInvalidParameter, "cannot bind " + parameter};
    }
    return {};
  }
  auto value = to_duckdb_value(raw);
  if (!value) return Error{ErrorKind::kInvalidParameter, parameter + ": " + value.error().message};
  if (duckdb_bind_value(statement, index, value->get()) == DuckDBError) {
    return Error{ErrorKind::kInvalidParameter, "cannot bind " + parameter};
  }
  return {};
}

}  // namespace

Result<void> bind_parameters(duckdb_prepared_statement statement, const Parameters& parameters) {
  duckdb_clear_bindings(statement);
  const idx_t expected = duckdb_nparams(statement);
  if (!parameters.positional.empty() && parameters.positional.size() != expected) {
    return Error{ErrorKind::kInvalidParameter, "expected " + std::to_string(expected) + " parameters, got " +
                                                   std::to_string(parameters.positional.size())};
  }
  for (idx_t i = 0; i < parameters.positional.size(); ++i) {
    const std::string parameter = "parameter " + std::to_string(i + 1);
    if (auto bound = bind_one(statement, i + 1, parameters.positional[i], parameter); !bound) return bound;
  }
  for (const auto& [name, raw] : parameters.named) {
    idx_t index = 0;
    if (duckdb_bind_parameter_index(statement, &index, name.c_str()) == DuckDBError) {
      return Error{ErrorKind::kInvalidParameter, "unknown parameter: " + name};
    }
    if (auto bound = bind_one(statement, index, raw, "parameter \"" + name + "\""); !bound) return bound;
  }
  return {};
}

}  // namespace duckwire::duckdb
