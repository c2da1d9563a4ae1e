#pragma once
// Endb-style named parameters: clients write `:name` in SQL and pass {"name": value}. DuckDB binds
// `$name`, so each `:name` whose name is among the given ones becomes `$name`. String literals,
// quoted identifiers, comments and `::` casts are left alone; nothing is spliced into the SQL.

#include <string>
#include <string_view>
#include <vector>

namespace duckwire::jsonrpc {

std::string rewrite_named_parameters(std::string_view sql, const std::vector<std::string>& names);

}  // namespace duckwire::jsonrpc
