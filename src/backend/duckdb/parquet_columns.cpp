#include "backend/duckdb/parquet_columns.hpp"

#include <cstring>
#include <optional>

#include "backend/duckdb/arrow_import.hpp"
#include "backend/duckdb/server_sql.hpp"

namespace duckwire::duckdb {

namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

std::optional<std::string> sql_type(const ColumnType& type);

// "name" TYPE, ... for a STRUCT's or UNION's members.
std::optional<std::string> members(const std::vector<ChildType>& children) {
  std::string list;
  for (const ChildType& child : children) {
    auto member = sql_type(*child.type);
    if (!member || child.name.find('\0') != std::string::npos) return std::nullopt;
    list += (list.empty() ? "" : ", ") + quote_identifier(child.name) + " " + *member;
  }
  return list;
}

// DuckDB's spelling of `type` with every name and value in it quoted (they are the client's: a struct's
// member names, an enum's values), so that it is a type and nothing else in the writer's SQL. nullopt
// for what cannot be cast back: TIMETZ and BIT (their Arrow form lost what a cast would need), an alias
// other than JSON, and a type duckwire does not know.
std::optional<std::string> sql_type(const ColumnType& type) {
  if (!type.alias.empty()) return type.alias == "JSON" ? std::optional<std::string>("JSON") : std::nullopt;
  auto child = [&](size_t i) {
    return i < type.children.size() ? sql_type(*type.children[i].type) : std::nullopt;
  };
  switch (type.id) {
    case TypeId::kOther:
    case TypeId::kNull:
    case TypeId::kTimeTz:
    case TypeId::kBit:
      return std::nullopt;
    case TypeId::kList:
    case TypeId::kArray: {
      auto element = child(0);
      if (!element) return std::nullopt;
      return *element + (type.id == TypeId::kList ? "[]" : "[" + std::to_string(type.array_size) + "]");
    }
    case TypeId::kMap: {
      auto key = child(0);
      auto value = child(1);
      if (!key || !value) return std::nullopt;
      return "MAP(" + *key + ", " + *value + ")";
    }
    case TypeId::kStruct:
    case TypeId::kUnion: {
      auto list = members(type.children);
      if (!list) return std::nullopt;
      return (type.id == TypeId::kStruct ? "STRUCT(" : "UNION(") + *list + ")";
    }
    case TypeId::kEnum: {
      std::string values;
      for (const std::string& value : type.enum_values) {
        if (value.find('\0') != std::string::npos) return std::nullopt;
        values += (values.empty() ? "" : ", ") + sql_literal(value);
      }
      return "ENUM(" + values + ")";
    }
    default:
      return type.to_string();  // a scalar or DECIMAL(w,s): no name or value of the client's in it
  }
}

std::string column_expression(const ColumnType& type, const Column& scanned_column) {
  const std::string name = quote_identifier(scanned_column.name);
  const ColumnType& scanned = scanned_column.type;
  if (type.to_string() == scanned.to_string()) return name;
  if (type.id == TypeId::kTimeTz && scanned.id == TypeId::kTime)
    return "CAST(" + name + " AS TIMETZ) AS " + name;
  if (type.id == TypeId::kBit && scanned.id == TypeId::kBlob) {
    // DuckDB's bit string: a byte counting the padding bits, then the bits behind that many padding bits.
    const std::string bits = "CAST(CAST(" + name + " AS BIT) AS VARCHAR)";
    return "CAST(substr(" + bits + ", 9 + CAST('0b' || substr(" + bits + ", 1, 8) AS INTEGER)) AS BIT) AS " +
           name;
  }
  if (type.id == TypeId::kUHugeInt && scanned.id == TypeId::kDecimal) {
    // DuckDB's Arrow form holds the 128 bits as a signed number h: values from 2^127 up come out
    // negative, and are 2^128 + h = (2^128 - 1) - (-(h + 1)).
    return "CASE WHEN " + name +
           " < 0 THEN CAST('340282366920938463463374607431768211455' AS UHUGEINT) - CAST(-(CAST(" + name +
           " AS HUGEINT) + 1) AS UHUGEINT) ELSE CAST(" + name + " AS UHUGEINT) END AS " + name;
  }
  auto spelled = sql_type(type);
  if (!spelled) return name;
  return "CAST(" + name + " AS " + *spelled + ") AS " + name;
}

}  // namespace

std::vector<std::string> parquet_column_expressions(const std::vector<Column>& columns,
                                                    const std::vector<Column>& scanned) {
  std::vector<std::string> expressions;
  for (size_t i = 0; i < scanned.size(); ++i) {
    expressions.push_back(i < columns.size() ? column_expression(columns[i].type, scanned[i])
                                             : quote_identifier(scanned[i].name));
  }
  return expressions;
}

void utc_time_of_day(const ArrowSchema& schema, Chunk& chunk) {
  for (const TimeZoneOffsets& offsets : chunk.time_zone_offsets) {
    if (static_cast<int64_t>(offsets.column) >= schema.n_children ||
        std::strcmp(schema.children[offsets.column]->format, "ttu") != 0) {
      continue;
    }
    ArrowArray& column = *chunk.array->children[offsets.column];
    // The chunk is this writer's alone: its values are rewritten in place.
    auto* values = const_cast<int64_t*>(static_cast<const int64_t*>(column.buffers[1])) + column.offset;
    for (int64_t row = 0; row < column.length && row < static_cast<int64_t>(offsets.seconds.size()); ++row) {
      if (offsets.seconds[row] == 0) continue;
      const int64_t utc = values[row] - offsets.seconds[row] * kMicrosPerSecond;
      values[row] = ((utc % kMicrosPerDay) + kMicrosPerDay) % kMicrosPerDay;
    }
  }
}

}  // namespace duckwire::duckdb
