#include "backend/duckdb/parquet_columns.hpp"

#include <cstring>
#include <functional>

#include "backend/duckdb/arrow_import.hpp"

namespace duckwire::duckdb {

namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

bool contains(const ColumnType& type, const std::function<bool(const ColumnType&)>& matches) {
  if (matches(type)) return true;
  for (const ChildType& child : type.children) {
    if (contains(*child.type, matches)) return true;
  }
  return false;
}

bool spellable(const ColumnType& type) {
  return !contains(type, [](const ColumnType& t) {
    return t.id == TypeId::kOther || t.id == TypeId::kTimeTz || t.id == TypeId::kBit ||
           (!t.alias.empty() && t.alias != "JSON");
  });
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
  if (!spellable(type)) return name;
  return "CAST(" + name + " AS " + type.to_string() + ") AS " + name;
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
