#pragma once
// DataRow messages for one portal: each column's values in the format Bind asked for (text as
// PostgreSQL 15 prints it with DateStyle ISO and IntervalStyle postgres, or binary as its send
// functions write it). One writer per column is prepared from the result schema, so encoding a
// row does no per-cell type dispatch beyond a switch and no per-cell heap allocation.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "backend/backend.hpp"
#include "encode/pg_format.hpp"
#include "encode/pg_types.hpp"
#include "util/error.hpp"

namespace duckwire::encode::pg {

class ColumnWriter;

class RowEncoder {
 public:
  // `column_formats` as Bind sends them: none (all text), one (for every column) or one per column;
  // any other count fails with ErrorKind::kInvalidInput and PostgreSQL's message ("bind message has 2
  // result formats but query has 3 columns", SQLSTATE 08P01). An unknown settings.time_zone fails with
  // ErrorKind::kInvalidParameter.
  static Result<RowEncoder> make(const ResultSchema& schema, const std::vector<Format>& column_formats,
                                 const TextSettings& settings);
  RowEncoder(RowEncoder&&) noexcept;
  RowEncoder& operator=(RowEncoder&&) noexcept;
  ~RowEncoder();

  // Each column's format (for RowDescription) and PostgreSQL type (pg_type_of its ColumnType).
  const std::vector<Format>& formats() const { return formats_; }
  const std::vector<PgType>& types() const { return types_; }

  // Appends one complete DataRow message ('D', int32 length, int16 column count, then per column an
  // int32 length (-1 for NULL) and the value's bytes) for each row in [first, first + count) of
  // `chunk`. Fails (ErrorKind::kOutOfRange, e.g. "date out of range" for a DuckDB date beyond
  // PostgreSQL's binary range) leaving `out` as it was before the call.
  Result<void> append_data_rows(const Chunk& chunk, int64_t first, int64_t count, std::string& out);
  Result<void> append_data_rows(const Chunk& chunk, std::string& out) {
    return append_data_rows(chunk, 0, chunk.rows(), out);
  }

 private:
  RowEncoder();
  std::vector<Format> formats_;
  std::vector<PgType> types_;
  std::vector<std::unique_ptr<ColumnWriter>> writers_;
};

}  // namespace duckwire::encode::pg
