#pragma once
// DuckDB's LogicalType as Quack carries it: the LogicalType object {100 id, 101 nullable
// ExtraTypeInfo}, the type ids a Quack peer may send, and the physical layout of each type's values
// in a vector.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/quack/binary_reader.hpp"
#include "protocols/quack/binary_writer.hpp"
#include "util/error.hpp"

namespace duckwire::quack {

// DuckDB's LogicalTypeId numbers, for the types Quack carries.
enum class LogicalTypeId : uint8_t {
  kSqlNull = 1,
  kBoolean = 10,
  kTinyInt = 11,
  kSmallInt = 12,
  kInteger = 13,
  kBigInt = 14,
  kDate = 15,
  kTime = 16,
  kTimestampSec = 17,
  kTimestampMs = 18,
  kTimestamp = 19,
  kTimestampNs = 20,
  kDecimal = 21,
  kFloat = 22,
  kDouble = 23,
  kChar = 24,
  kVarchar = 25,
  kBlob = 26,
  kInterval = 27,
  kUTinyInt = 28,
  kUSmallInt = 29,
  kUInteger = 30,
  kUBigInt = 31,
  kTimestampTz = 32,
  kTimeTz = 34,
  kTimeNs = 35,
  kBit = 36,
  kBigNum = 39,
  kUHugeInt = 49,
  kHugeInt = 50,
  kUuid = 54,
  kStruct = 100,
  kList = 101,
  kMap = 102,
  kEnum = 104,
  kUnion = 107,
  kArray = 108,
};

// Type ids DuckDB 1.5 has that duckwire refuses by name.
inline constexpr uint64_t kGeometryTypeId = 60;
inline constexpr uint64_t kVariantTypeId = 109;

// ExtraTypeInfo's kinds (its field 100).
enum class TypeInfoKind : uint8_t {
  kGeneric = 1,
  kDecimal = 2,
  kString = 3,
  kList = 4,
  kStruct = 5,
  kEnum = 6,
  kArray = 9,
};

struct LogicalType {
  struct Member;

  LogicalTypeId id = LogicalTypeId::kSqlNull;
  std::string alias;      // e.g. "JSON"
  std::string collation;  // VARCHAR and CHAR
  uint8_t decimal_width = 0;
  uint8_t decimal_scale = 0;
  uint32_t array_size = 0;
  std::vector<std::string> enum_values;
  // LIST and ARRAY: the element. MAP: one STRUCT(key, value). STRUCT and UNION: the members (a
  // UNION's hidden tag member is not among them: encoding adds it, decoding removes it).
  std::vector<Member> children;

  static LogicalType of(LogicalTypeId id);
  static LogicalType decimal(uint8_t width, uint8_t scale);
  static LogicalType list(LogicalType element);
  static LogicalType array(LogicalType element, uint32_t size);
  static LogicalType map(LogicalType key, LogicalType value);
  static LogicalType structure(std::vector<Member> members);
  static LogicalType union_of(std::vector<Member> members);
  static LogicalType enumeration(std::vector<std::string> values);

  // The element of a LIST or ARRAY, the STRUCT(key, value) of a MAP.
  const LogicalType& element() const;

  bool operator==(const LogicalType&) const = default;
};

struct LogicalType::Member {
  std::string name;
  LogicalType type;

  bool operator==(const Member&) const = default;
};

// DuckDB's name of a type id, e.g. "INTEGER", "TIMESTAMP WITH TIME ZONE".
std::string_view type_name(LogicalTypeId id);
// DuckDB's spelling of a type, e.g. "DECIMAL(10,2)", "INTEGER[3]", "STRUCT(a INTEGER)".
std::string to_string(const LogicalType& type);

// How a type's values are laid out in a vector (DuckDB's physical type, as the wire tells them apart).
enum class VectorShape {
  kFixed,   // `physical_width` bytes per row
  kString,  // a byte string per row
  kStruct,  // one child vector per member (UNION: the tag first)
  kList,    // entries {offset, length} into one child vector (LIST, MAP)
  kArray,   // one child vector of array_size rows per row
};
VectorShape vector_shape(const LogicalType& type);
// Bytes per row of a fixed-width type; nullopt for the other shapes.
std::optional<size_t> physical_width(const LogicalType& type);
// The types of a vector's child vectors: STRUCT's members, UNION's tag (UTINYINT) and members, the
// element of LIST, ARRAY and MAP (MAP: the STRUCT(key, value)); none for the other shapes.
std::vector<const LogicalType*> vector_children(const LogicalType& type);
// DECIMAL's storage by precision: 2, 4, 8 or 16 bytes.
size_t decimal_physical_width(uint8_t width);
// An ENUM's index: 1, 2 or 4 bytes by the number of values.
size_t enum_index_width(size_t value_count);

// The LogicalType object, with its `ff ff`.
void write_logical_type(BinaryWriter& out, const LogicalType& type);
std::string encode_logical_type(const LogicalType& type);
// Reads one LogicalType object; failures are recorded in `in`.
LogicalType read_logical_type(BinaryReader& in);
// `bytes` must hold exactly one LogicalType object.
Result<LogicalType> decode_logical_type(std::string_view bytes);

}  // namespace duckwire::quack
