#pragma once
// Engine-neutral description of a result column's logical type. Front doors use it for their own
// type systems (PostgreSQL OIDs, Quack LogicalType, JSON-LD value rules); the data itself travels
// as Arrow C data.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace duckwire {

enum class TypeId {
  kNull,
  kBoolean,
  kTinyInt,
  kSmallInt,
  kInteger,
  kBigInt,
  kHugeInt,
  kUTinyInt,
  kUSmallInt,
  kUInteger,
  kUBigInt,
  kUHugeInt,
  kFloat,
  kDouble,
  kDecimal,
  kVarchar,
  kBlob,
  kBit,
  kBigNum,
  kDate,
  kTime,
  kTimeNs,
  kTimeTz,
  kTimestampSec,
  kTimestampMs,
  kTimestamp,  // microseconds
  kTimestampNs,
  kTimestampTz,
  kInterval,
  kUuid,
  kEnum,
  kList,
  kStruct,
  kMap,
  kArray,
  kUnion,
  kOther,
};

struct ColumnType;

struct ChildType {
  std::string name;
  std::shared_ptr<const ColumnType> type;
};

struct ColumnType {
  TypeId id = TypeId::kNull;
  std::string alias;                     // e.g. "JSON" for DuckDB's JSON type (VARCHAR underneath)
  uint8_t decimal_width = 0;             // kDecimal
  uint8_t decimal_scale = 0;             // kDecimal
  uint64_t array_size = 0;               // kArray
  std::vector<std::string> enum_values;  // kEnum
  // kList/kArray: one child (the element). kMap: key, value. kStruct/kUnion: the members.
  std::vector<ChildType> children;

  // DuckDB's spelling, e.g. "DECIMAL(18,3)", "INTEGER[]", "STRUCT(a INTEGER, b VARCHAR)".
  std::string to_string() const;
};

struct Column {
  std::string name;
  ColumnType type;
};

}  // namespace duckwire
