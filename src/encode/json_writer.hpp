#pragma once
// Streams query results as JSON, chunk by chunk, for every front door that speaks JSON:
// records (SQLRooms/Mosaic), row arrays (HTTP application/json), NDJSON (application/x-ndjson) and the
// JSON-LD rows of JSON-RPC and application/ld+json (the caller writes the @context/@graph envelope).
//
// Value rules (plain / JSON-LD; "typed" is {"@value":"<text>","@type":"xsd:<type>"}):
//   NULL                        null
//   BOOLEAN                     true / false
//   integers (any width)        number, exact digits / number when |v| <= 2^53-1, else typed xsd:integer
//   BIGNUM                      as integers
//   FLOAT, DOUBLE               shortest round-trip number; NaN and +-Infinity as the strings "NaN",
//                               "Infinity", "-Infinity" / typed xsd:double
//   DECIMAL                     number with its exact digits (12.50) / typed xsd:decimal
//   VARCHAR, UUID, ENUM, BIT    string ("1010" for BIT)
//   JSON (alias)                the JSON text itself, CR and LF replaced by spaces (whitespace there)
//   BLOB                        base64 string / typed xsd:base64Binary
//   DATE                        DuckDB text "2001-01-01", "0045-03-15 (BC)" / typed xsd:date with
//                               astronomical years ("-0044-03-15")
//   TIME, TIME_NS               "14:43:39.970062" / typed xsd:time
//   TIMETZ                      "14:43:39+02:00" / typed xsd:time, the offset from the chunk's
//                               TimeZoneOffsets (Arrow's time64 has none; see time_tz_values.hpp)
//   TIMESTAMP_S/MS/(US)/NS      DuckDB text "2023-05-16 14:43:39.970062" / typed xsd:dateTime in
//                               RFC 3339 UTC "2023-05-16T14:43:39.970062Z"
//   TIMESTAMPTZ                 RFC 3339 UTC "2023-05-16T14:43:39.970062Z" / the same, typed
//   +-infinity dates/timestamps the strings "infinity" / "-infinity" in both styles
//   INTERVAL                    ISO 8601 duration "P1Y2M3DT4H5M6S" / typed xsd:duration
//   LIST, ARRAY                 array
//   STRUCT                      object (member names as keys)
//   MAP                         object when keys are VARCHAR or ENUM, else [{"key":k,"value":v},...]
//   UNION                       the active member's value
// Fractions of seconds drop trailing zeros. Records keep duplicate column names as duplicate keys, in
// column order (JSON parsers usually keep the last). Arrow formats DuckDB never produces are written
// as null.

#include <cstdint>
#include <string>
#include <vector>

#include "arrow/c_data.hpp"
#include "backend/backend.hpp"

namespace duckwire::encode {

enum class JsonLayout {
  kRecords,    // [{"a":1,"b":2},...]
  kRowArrays,  // [[1,2],...]
  kNdjson,     // {"a":1,"b":2}\n...
};

enum class JsonValueStyle { kPlain, kJsonLd };

class JsonValueEncoder;

class JsonWriter {
 public:
  JsonWriter(const ResultSchema& schema, JsonLayout layout, JsonValueStyle style);
  ~JsonWriter();
  JsonWriter(JsonWriter&&) noexcept;
  JsonWriter& operator=(JsonWriter&&) noexcept;

  // Each call appends to `out`, so callers can send and clear `out` between calls.
  void begin(std::string& out);
  // `time_zone_offsets`: those of the chunk's TIMETZ columns (see encode/time_tz_values.hpp).
  void write(const ArrowArray& chunk, std::string& out,
             const std::vector<TimeZoneOffsets>& time_zone_offsets = {});
  void finish(std::string& out);

  int64_t rows_written() const { return rows_written_; }

 private:
  struct ColumnText {
    std::string bytes;
    std::vector<size_t> ends;  // end of each row's value in `bytes`
  };

  void write_column(const ArrowArray& values, int64_t first, int64_t rows, size_t column,
                    const std::vector<TimeZoneOffsets>& time_zone_offsets, ColumnText& text) const;

  JsonLayout layout_;
  JsonValueStyle style_;
  std::vector<JsonValueEncoder> encoders_;
  // Written before each column's value: `{"name":` / `,"name":` for objects, `[` / `,` for arrays.
  std::vector<std::string> prefixes_;
  std::string row_close_;
  std::vector<ColumnText> scratch_;
  int64_t rows_written_ = 0;
};

}  // namespace duckwire::encode
