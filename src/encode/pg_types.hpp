#pragma once
// PostgreSQL's built-in types as duckwire reports them: one table of OIDs shared by the PostgreSQL
// front door's RowDescription, its parameter decoding and its emulated pg_type catalog, and the one
// mapping from a DuckDB column type to a PostgreSQL type. Only built-in OIDs ever go on the wire
// (asyncpg introspects any OID it does not know).

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "backend/column_type.hpp"

namespace duckwire::encode::pg {

namespace oid {
inline constexpr uint32_t kBool = 16, kBytea = 17, kChar = 18, kName = 19, kInt8 = 20, kInt2 = 21,
                          kInt2Vector = 22, kInt4 = 23, kRegProc = 24, kText = 25, kOid = 26, kTid = 27,
                          kXid = 28, kCid = 29, kOidVector = 30, kJson = 114, kXml = 142, kPgNodeTree = 194,
                          kFloat4 = 700, kFloat8 = 701, kUnknown = 705, kMoney = 790, kInet = 869,
                          kAclItem = 1033, kBpchar = 1042, kVarchar = 1043, kDate = 1082, kTime = 1083,
                          kTimestamp = 1114, kTimestampTz = 1184, kInterval = 1186, kTimeTz = 1266,
                          kBit = 1560, kVarbit = 1562, kNumeric = 1700, kRefCursor = 1790,
                          kRegProcedure = 2202, kRegOper = 2203, kRegOperator = 2204, kRegClass = 2205,
                          kRegType = 2206, kRecord = 2249, kCString = 2275, kAny = 2276, kAnyArray = 2277,
                          kVoid = 2278, kTrigger = 2279, kInternal = 2281, kAnyElement = 2283,
                          kUuid = 2950, kJsonb = 3802, kRegNamespace = 4089, kRegRole = 4096;
}  // namespace oid

// One row of pg_type, with the columns clients read.
struct PgTypeInfo {
  uint32_t oid;
  std::string_view name;      // typname: "int4", "_int4", "timestamptz"
  std::string_view sql_name;  // what format_type prints: "integer", "integer[]", "timestamp with time zone"
  int16_t length;             // typlen: bytes, -1 variable, -2 C string
  bool by_value;              // typbyval
  char kind;                  // typtype: 'b' base, 'p' pseudo
  char category;              // typcategory: 'N' numeric, 'S' string, 'A' array, 'D' date/time, ...
  char alignment;             // typalign: 'c', 's', 'i', 'd'
  uint32_t element;           // typelem: the element type of an array type (name's is char), else 0
  uint32_t array;             // typarray: the array type of this type, else 0
};

// Every built-in type duckwire knows, base types first, each array type after them; ordered by OID
// within each group.
std::span<const PgTypeInfo> builtin_types();
// nullptr for an OID not in builtin_types().
const PgTypeInfo* find_type(uint32_t oid);
// nullptr for a name not in builtin_types(); matches typname ("int4", "_text") case-insensitively.
const PgTypeInfo* find_type_by_name(std::string_view name);

// A result column's type as PostgreSQL clients see it.
struct PgType {
  uint32_t oid;
  int32_t typmod;  // -1 unless the type has one (numeric: ((precision << 16) | scale) + 4)
  int16_t length;  // typlen
};

// DuckDB type → PostgreSQL type, as docs/protocols/pgwire.md tables it. A type alias that names a
// built-in type (a DuckDB `CREATE TYPE oid AS UINTEGER` in the emulated catalog, JSON) reports that
// type. VARCHAR is text (25): DuckDB keeps no length, so varchar(n) and text are the same column.
// STRUCT, MAP and UNION travel as their JSON text (json 114); a list of lists as a one-dimensional
// array of the inner list's text is not expressible, so nested lists are json too.
PgType pg_type_of(const ColumnType& type);

// The element type of a LIST/ARRAY column's PostgreSQL array type (its typelem), or nullopt when the
// column's type is not a PostgreSQL array.
std::optional<uint32_t> array_element_of(const PgType& type);

}  // namespace duckwire::encode::pg
