#pragma once
// COPY ... FROM STDIN / TO STDOUT as the front door reads it: what is copied and in which format.

#include <optional>
#include <string>
#include <vector>

namespace duckwire::pgwire::commands {

enum class CopyFormat { kText, kCsv, kBinary };

// The options of COPY after PostgreSQL's defaults for the format are filled in.
struct CopyOptions {
  CopyFormat format = CopyFormat::kText;
  char delimiter = '\t';
  std::string null_string = "\\N";
  bool header = false;
  char quote = '"';
  char escape = '"';
  bool force_quote_all = false;
  std::vector<std::string> force_quote;     // columns always quoted in CSV output
  std::vector<std::string> force_not_null;  // CSV input: an unquoted null string is an empty string
  std::vector<std::string> force_null;      // CSV input: a quoted null string is NULL too
  bool operator==(const CopyOptions&) const = default;
};

struct CopyCommand {
  bool from_stdin = false;           // COPY ... FROM STDIN; false: COPY ... TO STDOUT
  std::vector<std::string> table;    // the table's name parts (schema, name), as identifiers
  std::vector<std::string> columns;  // the column list; empty: every column
  std::string query;                 // COPY (query) TO STDOUT: the query's text; table is empty then
  CopyOptions options;
  bool operator==(const CopyCommand&) const = default;
};

}  // namespace duckwire::pgwire::commands
