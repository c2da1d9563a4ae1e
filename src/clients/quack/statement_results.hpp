#pragma once
// Which results `duckwire query` prints. DuckDB's CLI prints the rows of queries and nothing for
// statements that change rows or the schema, while a Quack server answers those with DuckDB's one
// "Count" (BIGINT, rows changed) or "Success" (BOOLEAN) column. Such a column is left out unless the
// statement is a query (it begins with SELECT, WITH, FROM, VALUES, TABLE, SHOW, DESCRIBE, SUMMARIZE,
// EXPLAIN, CALL, PIVOT, UNPIVOT or a parenthesis), so that `SELECT count(*) AS "Count"` still prints.

#include <string>
#include <string_view>
#include <vector>

#include "protocols/quack/logical_type.hpp"

namespace duckwire::quack_client {

bool is_printed_result(std::string_view statement, const std::vector<std::string>& names,
                       const std::vector<quack::LogicalType>& types);

}  // namespace duckwire::quack_client
