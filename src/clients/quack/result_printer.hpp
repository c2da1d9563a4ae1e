#pragma once
// Prints query results as `duckwire query` shows them, chunk by chunk as they arrive:
// - table: an aligned box as DuckDB's CLI draws it (table_printer.hpp);
// - csv: RFC 4180, a header row of column names, values as DuckDB's text, NULL as an empty field and the
//   empty string as "", every line ending in CRLF;
// - json: one JSON array of objects per result, one object per line ([{"a":1},\n{"a":2}]), values as
//   duckdb_json.hpp writes them; an empty result is [].

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "protocols/quack/data_chunk.hpp"
#include "protocols/quack/logical_type.hpp"

namespace duckwire::quack_client {

enum class OutputFormat { kTable, kCsv, kJson };

struct PrintOptions {
  // table: the rows shown of a longer result (the first half and the last half); 0 shows every row.
  uint64_t max_rows = 40;
};

class ResultPrinter {
 public:
  virtual ~ResultPrinter() = default;
  // A result with these columns begins.
  virtual void begin(const std::vector<std::string>& names, const std::vector<quack::LogicalType>& types) = 0;
  // Rows of the result; values are read with the chunk's own types.
  virtual void add(const quack::DecodedChunk& chunk) = 0;
  // The result ended.
  virtual void finish() = 0;
};

std::unique_ptr<ResultPrinter> make_result_printer(OutputFormat format, std::ostream& out,
                                                   const PrintOptions& options = {});

}  // namespace duckwire::quack_client
