#pragma once
// The body of COPY ... TO STDOUT as PostgreSQL 15 writes it, as complete CopyData messages ('d',
// int32 length, bytes): one per row as PostgreSQL sends them (psycopg 3 parses each CopyData
// message as one row), the binary header in the same message as the first row (or the trailer).
// The front door sends CopyOutResponse (format_code(), column_format_codes()) first and CopyDone after.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "backend/backend.hpp"
#include "encode/pg_format.hpp"
#include "util/error.hpp"

namespace duckwire::encode::pg {

class ColumnWriter;

enum class CopyFormat { kText, kCsv, kBinary };

// COPY's options as the statement spelled them (parsed by the COPY command); unset ones take
// PostgreSQL's per-format defaults.
struct CopyOptions {
  CopyFormat format = CopyFormat::kText;
  std::optional<char> delimiter;         // text '\t', csv ','
  std::optional<std::string> null;       // text "\\N", csv ""
  bool header = false;                   // text and csv: a first line of column names
  std::optional<char> quote;             // csv only, default '"'
  std::optional<char> escape;            // csv only, default: the quote
  bool force_quote_all = false;          // csv FORCE_QUOTE *
  std::vector<std::string> force_quote;  // csv FORCE_QUOTE (column, ...)
};

class CopyEncoder {
 public:
  // Fails with ErrorKind::kInvalidInput for options PostgreSQL refuses for COPY TO (QUOTE outside csv,
  // a delimiter that is a newline/backslash or equal to the quote, FORCE_QUOTE of a column the query
  // does not have, NULL containing the delimiter or a newline ...), with PostgreSQL's messages.
  static Result<CopyEncoder> make(const ResultSchema& schema, const CopyOptions& options,
                                  const TextSettings& settings);
  CopyEncoder(CopyEncoder&&) noexcept;
  CopyEncoder& operator=(CopyEncoder&&) noexcept;
  ~CopyEncoder();

  // CopyOutResponse's overall format (0 text/csv, 1 binary) and per column codes.
  Format format() const;
  std::vector<Format> column_formats() const;

  // The header line (text/csv with HEADER); binary keeps its signature for the next message.
  void begin(std::string& out);
  // One CopyData message per row of `chunk`.
  Result<void> append_rows(const Chunk& chunk, std::string& out);
  // Binary: the trailer (with the signature when no row was written); text/csv: nothing.
  void finish(std::string& out);

  int64_t rows_written() const { return rows_written_; }

 private:
  CopyEncoder();
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int64_t rows_written_ = 0;
};

}  // namespace duckwire::encode::pg
