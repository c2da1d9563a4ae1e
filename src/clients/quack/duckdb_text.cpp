#include "clients/quack/duckdb_text.hpp"

#include <cstring>
#include <string_view>

#include "encode/value_text.hpp"
#include "protocols/quack/physical_values.hpp"

namespace duckwire::quack_client {

using quack::DecodedVector;
using quack::LogicalType;
using Id = quack::LogicalTypeId;

namespace {

const char* at16(const DecodedVector& vector, uint64_t row) {
  return vector.data.data() + row * 16;
}

bool is_nested(const LogicalType& type) {
  switch (type.id) {
    case Id::kList:
    case Id::kMap:
    case Id::kStruct:
    case Id::kArray:
    case Id::kUnion:
      return true;
    default:
      return false;
  }
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

bool is_null_word(std::string_view text) {
  if (text.size() != 4) return false;
  for (size_t i = 0; i < 4; ++i) {
    const char c = text[i];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != "null"[i]) return false;
  }
  return true;
}

// DuckDB's rule for a scalar's text inside a LIST, STRUCT or MAP (NestedToVarcharCast).
bool needs_quotes(std::string_view text) {
  if (text.empty() || is_space(text.front()) || is_space(text.back()) || is_null_word(text)) return true;
  return text.find_first_of("\"'(),:=[]{}") != std::string_view::npos;
}

void append_escaped(std::string& out, std::string_view text) {
  for (const char c : text) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
}

void append_quoted(std::string& out, std::string_view text) {
  out.push_back('\'');
  append_escaped(out, text);
  out.push_back('\'');
}

// A value inside a nested one; `quote_scalars` says whether its parent quotes scalars.
void append_member(std::string& out, const DecodedVector& vector, const LogicalType& type, uint64_t row,
                   bool quote_scalars) {
  const size_t start = out.size();
  append_duckdb_text(out, vector, type, row);
  if (!quote_scalars || is_nested(type) || !vector.is_valid(row)) return;
  if (!needs_quotes(std::string_view(out).substr(start))) return;
  const std::string text = out.substr(start);
  out.resize(start);
  append_quoted(out, text);
}

void append_decimal(std::string& out, const DecodedVector& vector, const LogicalType& type, uint64_t row) {
  const size_t start = out.size();
  switch (quack::decimal_physical_width(type.decimal_width)) {
    case 2:
      encode::append_decimal(out, quack::fixed_value<int16_t>(vector, row), type.decimal_scale);
      break;
    case 4:
      encode::append_decimal(out, quack::fixed_value<int32_t>(vector, row), type.decimal_scale);
      break;
    case 8:
      encode::append_decimal(out, quack::fixed_value<int64_t>(vector, row), type.decimal_scale);
      break;
    default:
      encode::append_decimal(out, quack::load_hugeint(at16(vector, row)), type.decimal_scale);
      break;
  }
  // DuckDB writes no zero before the point when every digit is a fraction digit: DECIMAL(3,3) ".001".
  if (type.decimal_scale == 0 || type.decimal_width != type.decimal_scale) return;
  const size_t zero = out[start] == '-' ? start + 1 : start;
  if (out.compare(zero, 2, "0.") == 0) out.erase(zero, 1);
}

uint64_t enum_index(const DecodedVector& vector, const LogicalType& type, uint64_t row) {
  switch (quack::enum_index_width(type.enum_values.size())) {
    case 1:
      return quack::fixed_value<uint8_t>(vector, row);
    case 2:
      return quack::fixed_value<uint16_t>(vector, row);
    default:
      return quack::fixed_value<uint32_t>(vector, row);
  }
}

void append_list(std::string& out, const DecodedVector& child, const LogicalType& element, uint64_t first,
                 uint64_t count, bool quote_scalars) {
  out.push_back('[');
  for (uint64_t i = 0; i < count; ++i) {
    if (i != 0) out.append(", ");
    append_member(out, child, element, first + i, quote_scalars);
  }
  out.push_back(']');
}

void append_map(std::string& out, const DecodedVector& vector, const LogicalType& type, uint64_t row) {
  const quack::ListEntry& entry = vector.entries[row];
  const DecodedVector& entries = vector.children[0];
  const LogicalType& entry_type = type.element();
  out.push_back('{');
  for (uint64_t i = 0; i < entry.length; ++i) {
    if (i != 0) out.append(", ");
    append_member(out, entries.children[0], entry_type.children[0].type, entry.offset + i, true);
    out.push_back('=');
    append_member(out, entries.children[1], entry_type.children[1].type, entry.offset + i, true);
  }
  out.push_back('}');
}

void append_struct(std::string& out, const DecodedVector& vector, const LogicalType& type, uint64_t row) {
  // DuckDB's row(...) values have unnamed members and print as a tuple.
  const bool unnamed = !type.children.empty() && type.children.front().name.empty();
  out.push_back(unnamed ? '(' : '{');
  for (size_t i = 0; i < type.children.size(); ++i) {
    if (i != 0) out.append(", ");
    if (!unnamed) {
      append_quoted(out, type.children[i].name);
      out.append(": ");
    }
    append_member(out, vector.children[i], type.children[i].type, row, true);
  }
  out.push_back(unnamed ? ')' : '}');
}

}  // namespace

bool is_numeric(const LogicalType& type) {
  switch (type.id) {
    case Id::kTinyInt:
    case Id::kSmallInt:
    case Id::kInteger:
    case Id::kBigInt:
    case Id::kHugeInt:
    case Id::kUTinyInt:
    case Id::kUSmallInt:
    case Id::kUInteger:
    case Id::kUBigInt:
    case Id::kUHugeInt:
    case Id::kFloat:
    case Id::kDouble:
    case Id::kDecimal:
    case Id::kBigNum:
      return true;
    default:
      return false;
  }
}

void append_duckdb_text(std::string& out, const DecodedVector& vector, const LogicalType& type,
                        uint64_t row) {
  if (!vector.is_valid(row)) {
    out.append("NULL");
    return;
  }
  using encode::TimePrecision;
  switch (type.id) {
    case Id::kSqlNull:
      out.append("NULL");
      return;
    case Id::kBoolean:
      out.append(quack::fixed_value<uint8_t>(vector, row) != 0 ? "true" : "false");
      return;
    case Id::kTinyInt:
      return encode::append_integer(out, quack::fixed_value<int8_t>(vector, row));
    case Id::kSmallInt:
      return encode::append_integer(out, quack::fixed_value<int16_t>(vector, row));
    case Id::kInteger:
      return encode::append_integer(out, quack::fixed_value<int32_t>(vector, row));
    case Id::kBigInt:
      return encode::append_integer(out, quack::fixed_value<int64_t>(vector, row));
    case Id::kUTinyInt:
      return encode::append_integer(out, quack::fixed_value<uint8_t>(vector, row));
    case Id::kUSmallInt:
      return encode::append_integer(out, quack::fixed_value<uint16_t>(vector, row));
    case Id::kUInteger:
      return encode::append_integer(out, quack::fixed_value<uint32_t>(vector, row));
    case Id::kUBigInt:
      return encode::append_integer(out, quack::fixed_value<uint64_t>(vector, row));
    case Id::kHugeInt:
      return encode::append_int128(out, quack::load_hugeint(at16(vector, row)));
    case Id::kUHugeInt:
      return encode::append_uint128(out, quack::load_uhugeint(at16(vector, row)));
    case Id::kFloat:
      return encode::append_float_duckdb(out, quack::fixed_value<float>(vector, row));
    case Id::kDouble:
      return encode::append_double_duckdb(out, quack::fixed_value<double>(vector, row));
    case Id::kDecimal:
      return append_decimal(out, vector, type, row);
    case Id::kChar:
    case Id::kVarchar:
      out.append(vector.strings[row]);
      return;
    case Id::kBlob:
      return encode::append_blob_duckdb(out, vector.strings[row]);
    case Id::kBit:
      return encode::append_bit_string(out, vector.strings[row]);
    case Id::kBigNum:
      return encode::append_bignum(out, vector.strings[row]);
    case Id::kUuid: {
      const quack::UuidBytes uuid = quack::load_uuid(at16(vector, row));
      return encode::append_uuid(out, uuid.data());
    }
    case Id::kDate:
      return encode::append_date(out, quack::fixed_value<int32_t>(vector, row));
    case Id::kTime:
      return encode::append_time(out, quack::fixed_value<int64_t>(vector, row), TimePrecision::kMicro);
    case Id::kTimeNs:
      return encode::append_time(out, quack::fixed_value<int64_t>(vector, row), TimePrecision::kNano);
    case Id::kTimeTz: {
      const quack::TimeTz time = quack::unpack_time_tz(quack::fixed_value<uint64_t>(vector, row));
      encode::append_time(out, time.micros, TimePrecision::kMicro);
      // DuckDB writes the offset as PostgreSQL does: "+05:30", "-02", "+00".
      return encode::append_utc_offset_postgres(out, time.offset_seconds);
    }
    case Id::kTimestampSec:
      return encode::append_timestamp(out, quack::fixed_value<int64_t>(vector, row), TimePrecision::kSecond);
    case Id::kTimestampMs:
      return encode::append_timestamp(out, quack::fixed_value<int64_t>(vector, row), TimePrecision::kMilli);
    case Id::kTimestamp:
      return encode::append_timestamp(out, quack::fixed_value<int64_t>(vector, row), TimePrecision::kMicro);
    case Id::kTimestampNs:
      return encode::append_timestamp(out, quack::fixed_value<int64_t>(vector, row), TimePrecision::kNano);
    case Id::kTimestampTz:
      return encode::append_timestamp_utc_offset(out, quack::fixed_value<int64_t>(vector, row), TimePrecision::kMicro);
    case Id::kInterval: {
      const quack::Interval interval = quack::load_interval(at16(vector, row));
      return encode::append_interval_duckdb(
          out, encode::Interval{interval.months, interval.days, interval.micros});
    }
    case Id::kEnum: {
      const uint64_t index = enum_index(vector, type, row);
      if (index < type.enum_values.size()) out.append(type.enum_values[index]);
      return;
    }
    case Id::kList: {
      const quack::ListEntry& entry = vector.entries[row];
      const bool json_elements = type.element().alias == "JSON";  // DuckDB leaves JSON in a LIST unquoted
      return append_list(out, vector.children[0], type.element(), entry.offset, entry.length, !json_elements);
    }
    case Id::kArray:
      return append_list(out, vector.children[0], type.element(), row * type.array_size, type.array_size,
                         false);
    case Id::kMap:
      return append_map(out, vector, type, row);
    case Id::kStruct:
      return append_struct(out, vector, type, row);
    case Id::kUnion: {
      const auto tag = quack::fixed_value<uint8_t>(vector.children[0], row);
      if (tag >= type.children.size()) return;
      return append_duckdb_text(out, vector.children[tag + 1], type.children[tag].type, row);
    }
  }
}

std::string duckdb_text(const DecodedVector& vector, const LogicalType& type, uint64_t row) {
  std::string text;
  append_duckdb_text(text, vector, type, row);
  return text;
}

}  // namespace duckwire::quack_client
