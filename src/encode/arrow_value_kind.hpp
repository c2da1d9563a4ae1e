#pragma once
// What the values of one Arrow column are and how they are laid out, from its C data schema (the
// physical layout) and logical ColumnType (the meaning). Decided once per column; the JSON and
// PostgreSQL value encoders then only choose how to write each kind.

#include <cstdint>
#include <vector>

#include "arrow/c_data.hpp"
#include "backend/column_type.hpp"
#include "encode/arrow_values.hpp"
#include "encode/value_text.hpp"

namespace duckwire::encode {

enum class ValueKind : uint8_t {
  kNull,  // also formats DuckDB does not produce
  kBoolean,
  kInt8,
  kInt16,
  kInt32,
  kInt64,
  kUInt8,
  kUInt16,
  kUInt32,
  kUInt64,
  kInt128,  // HUGEINT, as DECIMAL(38,0) or 16 fixed bytes
  kUInt128,
  kBigNum,
  kFloat,
  kDouble,
  kDecimal,
  kString,
  kJsonText,  // DuckDB's JSON type: text that is already JSON
  kUuidText,  // UUID as DuckDB's Arrow export sends it: its 36-character text
  kBlob,
  kBit,
  kUuid,  // 16 bytes
  kDate,  // days
  kTime,
  kTimestamp,
  kInterval,  // month, day, nanoseconds
  kDictionary,
  kList,
  kFixedList,
  kStruct,
  kMap,
  kUnion,
};

struct ArrowValueKind {
  ValueKind kind = ValueKind::kNull;
  ValueStorage storage = ValueStorage::kFixed;
  TimePrecision precision = TimePrecision::kMicro;  // kTime, kTimestamp
  // kDecimal: 4, 8 or 16; kTime: 4 or 8; fixed-size binary: its width; kDictionary: the index width.
  uint8_t byte_width = 0;
  uint8_t scale = 0;              // kDecimal
  bool index_signed = false;      // kDictionary
  bool with_time_zone = false;    // kTime: TIMETZ; kTimestamp: TIMESTAMPTZ or a zone in the format
  bool dense_union = false;       // kUnion
  int32_t list_size = 0;          // kFixedList
  std::vector<int32_t> type_ids;  // kUnion: each member's type id
};

// `type` may be null: the format then decides alone. Lists and maps without the children their format
// promises are kNull.
ArrowValueKind arrow_value_kind(const ArrowSchema& schema, const ColumnType* type);

}  // namespace duckwire::encode
