#pragma once
// Writes the values of one Arrow array in one PostgreSQL format (text or binary), as the type
// pg_type_of gives the column. Built once per column from the Arrow schema (the physical layout) and
// the logical ColumnType; arrays hold a writer for their elements.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "arrow/c_data.hpp"
#include "backend/column_type.hpp"
#include "encode/arrow_value_kind.hpp"
#include "encode/pg_format.hpp"
#include "encode/pg_time_zone.hpp"

namespace duckwire::encode {
class JsonValueEncoder;
}

namespace duckwire::encode::pg {

class ColumnWriter {
 public:
  // `zone`: the session's time zone, for timestamptz text.
  ColumnWriter(const ArrowSchema& schema, const ColumnType& type, Format format, const TextSettings& settings,
               const TimeZone& zone);
  ColumnWriter(ColumnWriter&&) noexcept;
  ColumnWriter& operator=(ColumnWriter&&) noexcept;
  ~ColumnWriter();

  // The offsets of a TIMETZ column for the chunk about to be written, indexed by the chunk's rows.
  void use_time_zone_offsets(const int32_t* seconds) { time_zone_offsets_ = seconds; }

  bool is_null(const ArrowArray& array, int64_t physical) const;
  // Appends the value at `physical` (the array's own offset included), not NULL. False when the value
  // has no PostgreSQL form (a date or timestamp beyond PostgreSQL's binary range): see failure().
  bool write(const ArrowArray& array, int64_t physical, std::string& out) const;
  // The error of a write that returned false.
  const char* failure() const;

 private:
  bool write_text(const ArrowArray& array, int64_t physical, std::string& out) const;
  bool write_binary(const ArrowArray& array, int64_t physical, std::string& out) const;
  bool write_array(const ArrowArray& array, int64_t physical, std::string& out) const;
  int64_t integer_at(const ArrowArray& array, int64_t physical) const;
  int64_t time_micros(const ArrowArray& array, int64_t physical) const;
  int32_t utc_offset(const ArrowArray& array, int64_t physical) const;  // TIMETZ: seconds east of UTC
  int64_t timestamp_micros(int64_t value) const;
  void decimal_text(const ArrowArray& array, int64_t physical, std::string& out) const;

  ArrowValueKind value_;
  Format format_ = Format::kText;
  bool array_ = false;         // a list written as a PostgreSQL array (otherwise nested values are JSON)
  uint8_t integer_bytes_ = 8;  // binary width of an integer column's PostgreSQL type: 2, 4 or 8
  bool as_numeric_ = false;    // an integer column whose PostgreSQL type is numeric (UBIGINT)
  uint32_t element_oid_ = 0;   // array_
  int extra_float_digits_ = 1;
  std::optional<TimeZone> zone_;  // timestamptz text
  const int32_t* time_zone_offsets_ = nullptr;
  std::vector<ColumnWriter> children_;      // array_: the element; kDictionary: the values
  std::unique_ptr<JsonValueEncoder> json_;  // nested values other than arrays
  mutable std::string scratch_;
  mutable const char* failure_ = nullptr;
};

}  // namespace duckwire::encode::pg
