#pragma once
// COPY ... FROM STDIN / TO STDOUT as the front door reads it: what is copied and in which format.

#include <string>
#include <vector>

#include "encode/pg_copy_encoder.hpp"

namespace duckwire::pgwire::commands {

using encode::pg::CopyFormat;

struct CopyCommand {
  bool from_stdin = false;           // COPY ... FROM STDIN; false: COPY ... TO STDOUT
  std::vector<std::string> table;    // the table's name parts (schema, name), as identifiers
  std::vector<std::string> columns;  // the column list; empty: every column
  std::string query;                 // COPY (query) TO STDOUT: the query's text; table is empty then
  // PostgreSQL's defaults for the format filled in: delimiter and null always, quote and escape for csv.
  encode::pg::CopyOptions options;
  std::vector<std::string> force_not_null;  // csv input: an unquoted null string is an empty string
  std::vector<std::string> force_null;      // csv input: a quoted null string is NULL too
};

bool operator==(const CopyCommand& a, const CopyCommand& b);

}  // namespace duckwire::pgwire::commands
