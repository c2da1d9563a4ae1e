#pragma once
// Builds Arrow record batches value by value (nullable int64, float64, bool, utf8, date32 and
// microsecond timestamps) and exports them as C data: schema, struct array and array stream.
// A built batch is immutable; every export shares its buffers and keeps them alive.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "arrow/c_data.hpp"
#include "encode/arrow_ipc_model.hpp"

namespace duckwire::encode {

enum class ArrowColumnType {
  kInt64,
  kFloat64,
  kBool,
  kUtf8,
  kDate32,              // days since 1970-01-01
  kTimestampMicros,     // naive: microseconds since 1970-01-01 00:00 of no particular zone
  kTimestampMicrosUtc,  // microseconds since 1970-01-01 00:00 UTC
};

// The C data interface format string: "l", "g", "b", "u", "tdD", "tsu:" or "tsu:UTC".
const char* arrow_format(ArrowColumnType type);

struct ArrowColumn {
  std::string name;
  ArrowColumnType type;
  ipc::ArrayPtr array;
};

// Appends the values of one nullable column. Each append must match the column's type (both
// timestamp types take append_timestamp); a mismatch throws std::logic_error.
class ArrowColumnBuilder {
 public:
  explicit ArrowColumnBuilder(ArrowColumnType type);

  ArrowColumnType type() const { return type_; }
  int64_t length() const { return length_; }
  void reserve(size_t rows);

  void append_null();
  void append_int64(int64_t value);
  void append_float64(double value);
  void append_bool(bool value);
  // Throws std::length_error once the column's text passes 2 GiB (utf8 has 32-bit offsets).
  void append_string(std::string_view value);
  void append_date32(int32_t days);
  void append_timestamp(int64_t micros);
  // Turns a naive timestamp column into a UTC one: its values are UTC instants.
  void mark_utc();

  ArrowColumn finish(std::string name) &&;

 private:
  void expect(ArrowColumnType type) const;
  void append_validity(bool valid);
  template <class T>
  void append_fixed(T value);

  ArrowColumnType type_;
  int64_t length_ = 0;
  int64_t null_count_ = 0;
  std::vector<uint8_t> validity_;  // bit i: row i is not null
  std::vector<uint8_t> values_;    // fixed-width values, or one bit per bool
  std::vector<int32_t> offsets_;   // utf8: length + 1 offsets into text_
  std::string text_;
};

class ArrowRecordBatch {
 public:
  // Throws std::invalid_argument when the columns' lengths differ.
  explicit ArrowRecordBatch(std::vector<ArrowColumn> columns);

  int64_t num_rows() const { return num_rows_; }
  const std::vector<ArrowColumn>& columns() const { return columns_; }

  // A struct schema with one nullable child per column.
  arrow::OwnedSchema export_schema() const;
  // A struct array with one child per column; it keeps the column buffers alive.
  arrow::OwnedArray export_array() const;

 private:
  std::vector<ArrowColumn> columns_;
  int64_t num_rows_ = 0;
};

// Fills `out` with a stream that yields `batches` in order, then the end of the stream. Its schema is
// the first batch's: all must have the same columns (std::invalid_argument otherwise), and there must
// be at least one. Reading the stream takes no lock (nor Python's GIL); one thread at a time may read it.
void export_stream(std::vector<std::shared_ptr<const ArrowRecordBatch>> batches, ArrowArrayStream& out);

}  // namespace duckwire::encode
