#pragma once
// A SQL text split into its statements with DuckDB's own parser (duckdb_extract_statements).

#include <string_view>

#include "backend/backend.hpp"
#include "backend/duckdb/handles.hpp"

namespace duckwire::duckdb {

// `connection` must outlive the list (the session owns both).
Result<std::unique_ptr<StatementList>> split_statements(duckdb_connection connection, std::string_view sql);

}  // namespace duckwire::duckdb
