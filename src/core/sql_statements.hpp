#pragma once
// A text of several SQL statements cut into its statements (for PostgreSQL's simple Query and for
// `duckwire query`, which runs them one by one as DuckDB's CLI does).

#include <string>
#include <string_view>
#include <vector>

namespace duckwire::core {

// The statements of `sql`, in order, split on semicolons outside quotes, dollar quotes and comments;
// statements that hold nothing but whitespace and comments are dropped.
std::vector<std::string> split_statements(std::string_view sql);

}  // namespace duckwire::core
