#pragma once
// Streams query results as CSV (RFC 4180, text/csv), chunk by chunk: a header row of column names, then
// one line per row, every line ending in CRLF (the last one too).
//
// Values read as the plain JSON style writes them (json_writer.hpp), without JSON's string quoting and
// escapes: 1.5, true, NaN, 2001-01-01, 2023-05-16 14:43:39.5, P1D, base64 for BLOB, and the JSON text
// for LIST, ARRAY, STRUCT, MAP and the JSON type. A field is quoted when it contains a comma, quote, CR
// or LF, its quotes doubled. NULL is an empty field; the empty string is written "" so it stays apart
// from NULL (as DuckDB's and PostgreSQL's COPY do).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "arrow/c_data.hpp"
#include "backend/backend.hpp"

namespace duckwire::encode {

class JsonValueEncoder;

class CsvWriter {
 public:
  explicit CsvWriter(const ResultSchema& schema);
  ~CsvWriter();
  CsvWriter(CsvWriter&&) noexcept;
  CsvWriter& operator=(CsvWriter&&) noexcept;

  // Each call appends to `out`, so callers can send and clear `out` between calls.
  void begin(std::string& out);  // the header row
  // `time_zone_offsets`: those of the chunk's TIMETZ columns (see encode/time_tz_values.hpp).
  void write(const ArrowArray& chunk, std::string& out,
             const std::vector<TimeZoneOffsets>& time_zone_offsets = {});
  void finish(std::string& out);  // writes nothing: every row already ends its line

  int64_t rows_written() const { return rows_written_; }

 private:
  struct ColumnText {
    std::string bytes;         // the plain JSON text of each row's value
    std::vector<size_t> ends;  // end of each row's value in `bytes`
  };

  // One field from the plain JSON text of a value at `physical` in `column`, the `index`th column.
  void append_value(const ArrowArray& column, int64_t physical, size_t index, std::string_view json,
                    std::string& out);

  std::vector<std::string> names_;
  std::vector<JsonValueEncoder> encoders_;
  std::vector<ColumnText> scratch_;
  std::string unescaped_;
  int64_t rows_written_ = 0;
};

}  // namespace duckwire::encode
