#include "clients/quack/duckdb_json.hpp"

#include <boost/json/parse.hpp>

#include <cmath>
#include <cstring>

#include "clients/quack/duckdb_text.hpp"
#include "encode/value_text.hpp"
#include "protocols/quack/physical_values.hpp"

namespace duckwire::quack_client {

using quack::DecodedVector;
using quack::LogicalType;
using Id = quack::LogicalTypeId;

namespace {

bool is_json(std::string_view text) {
  boost::system::error_code ec;
  boost::json::parse(boost::json::string_view(text.data(), text.size()), ec);
  return !ec;
}

void append_as_string(std::string& out, const DecodedVector& vector, const LogicalType& type, uint64_t row) {
  encode::append_json_string(out, duckdb_text(vector, type, row));
}

template <class T>
void append_floating(std::string& out, T value) {
  if (!std::isfinite(value)) {
    encode::append_json_string(
        out, std::isnan(value) ? (std::signbit(value) ? "-nan" : "nan") : (value < 0 ? "-inf" : "inf"));
    return;
  }
  if constexpr (sizeof(T) == sizeof(float)) {
    encode::append_float_duckdb(out, value);
  } else {
    encode::append_double_duckdb(out, value);
  }
}

void append_elements(std::string& out, const DecodedVector& child, const LogicalType& element, uint64_t first,
                     uint64_t count) {
  out.push_back('[');
  for (uint64_t i = 0; i < count; ++i) {
    if (i != 0) out.push_back(',');
    append_json_value(out, child, element, first + i);
  }
  out.push_back(']');
}

void append_map(std::string& out, const DecodedVector& vector, const LogicalType& type, uint64_t row) {
  const quack::ListEntry& entry = vector.entries[row];
  const DecodedVector& entries = vector.children[0];
  const LogicalType& entry_type = type.element();
  out.push_back('{');
  for (uint64_t i = 0; i < entry.length; ++i) {
    if (i != 0) out.push_back(',');
    encode::append_json_string(
        out, duckdb_text(entries.children[0], entry_type.children[0].type, entry.offset + i));
    out.push_back(':');
    append_json_value(out, entries.children[1], entry_type.children[1].type, entry.offset + i);
  }
  out.push_back('}');
}

void append_struct(std::string& out, const DecodedVector& vector, const LogicalType& type, uint64_t row) {
  out.push_back('{');
  for (size_t i = 0; i < type.children.size(); ++i) {
    if (i != 0) out.push_back(',');
    encode::append_json_string(out, type.children[i].name);
    out.push_back(':');
    append_json_value(out, vector.children[i], type.children[i].type, row);
  }
  out.push_back('}');
}

}  // namespace

void append_json_value(std::string& out, const DecodedVector& vector, const LogicalType& type, uint64_t row) {
  if (!vector.is_valid(row) || type.id == Id::kSqlNull) {
    out.append("null");
    return;
  }
  switch (type.id) {
    case Id::kBoolean:
      out.append(quack::fixed_value<uint8_t>(vector, row) != 0 ? "true" : "false");
      return;
    case Id::kFloat:
      return append_floating(out, quack::fixed_value<float>(vector, row));
    case Id::kDouble:
      return append_floating(out, quack::fixed_value<double>(vector, row));
    case Id::kDecimal: {
      // DuckDB's text of DECIMAL(3,3) lacks the zero before the point, which JSON requires.
      const size_t start = out.size();
      append_duckdb_text(out, vector, type, row);
      const size_t point = out[start] == '-' ? start + 1 : start;
      if (out[point] == '.') out.insert(point, 1, '0');
      return;
    }
    case Id::kChar:
    case Id::kVarchar: {
      const std::string_view text = vector.strings[row];
      if (type.alias == "JSON" && is_json(text)) {
        out.append(text);
      } else {
        encode::append_json_string(out, text);
      }
      return;
    }
    case Id::kList: {
      const quack::ListEntry& entry = vector.entries[row];
      return append_elements(out, vector.children[0], type.element(), entry.offset, entry.length);
    }
    case Id::kArray:
      return append_elements(out, vector.children[0], type.element(), row * type.array_size, type.array_size);
    case Id::kMap:
      return append_map(out, vector, type, row);
    case Id::kStruct:
      return append_struct(out, vector, type, row);
    case Id::kUnion: {
      const auto tag = quack::fixed_value<uint8_t>(vector.children[0], row);
      if (tag >= type.children.size()) {
        out.append("null");
        return;
      }
      return append_json_value(out, vector.children[tag + 1], type.children[tag].type, row);
    }
    default:
      if (is_numeric(type)) {
        append_duckdb_text(out, vector, type, row);
      } else {
        append_as_string(out, vector, type, row);
      }
      return;
  }
}

}  // namespace duckwire::quack_client
