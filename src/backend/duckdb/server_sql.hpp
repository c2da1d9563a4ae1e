#pragma once
// SQL the server runs itself on connections of its own (settings, setup), never a client's.

#include <duckdb.h>

#include <string>
#include <string_view>
#include <vector>

#include "util/error.hpp"
#include "util/sql_literal.hpp"

namespace duckwire::duckdb {

// A DuckDB list literal of strings: ['a', 'b'].
std::string sql_list(const std::vector<std::string>& texts);
// Runs one statement to completion; DuckDB's error if it fails.
Result<void> run_statement(duckdb_connection connection, const std::string& sql);

}  // namespace duckwire::duckdb
