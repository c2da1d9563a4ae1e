#pragma once
// CSV records read from a stream one at a time (RFC 4180): fields separated by commas, records by CRLF
// or LF, fields in double quotes may hold commas, quotes (doubled) and line breaks. A UTF-8 byte order
// mark at the start is skipped. An empty field outside quotes is NULL; "" is the empty string.
//
// Malformed input (a quote inside an unquoted field, text after a closing quote, a quote left open at
// the end, a field larger than the limit) is an error of kind kInvalidInput that names the line.

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace duckwire::quack_client {

struct CsvField {
  std::string text;
  bool quoted = false;

  bool is_null() const { return !quoted && text.empty(); }
  bool operator==(const CsvField&) const = default;
};

class CsvReader {
 public:
  static constexpr size_t kDefaultMaxFieldBytes = size_t{64} << 20;

  explicit CsvReader(std::istream& in, size_t max_field_bytes = kDefaultMaxFieldBytes);

  // Reads the next record into `record`; false at the end of the input. A blank line is a record of one
  // NULL field.
  Result<bool> next(std::vector<CsvField>& record);

  // The line the last record began on (1 for the first).
  uint64_t record_line() const { return record_line_; }

 private:
  int peek();
  int get();
  Error malformed(std::string_view what) const;

  std::istream& in_;
  size_t max_field_bytes_;
  std::vector<char> buffer_ = std::vector<char>(size_t{1} << 16);
  size_t position_ = 0;
  size_t filled_ = 0;
  uint64_t line_ = 1;
  uint64_t record_line_ = 0;
  bool started_ = false;
};

}  // namespace duckwire::quack_client
