#pragma once
// Binds backend Values to a prepared statement as DuckDB values, never as SQL text.

#include "backend/duckdb/handles.hpp"
#include "backend/value.hpp"
#include "util/error.hpp"

namespace duckwire::duckdb {

// Replaces the statement's bindings. A non-empty positional list must supply every parameter; named
// ones bind by name. Errors are kInvalidInput and name the parameter ("parameter 2: ...",
// "parameter \"name\": ...", "unknown parameter: name").
// The DuckDB value of a backend Value (kInvalidParameter when it cannot be built).
Result<ValueHandle> to_duckdb_value(const Value& value);

Result<void> bind_parameters(duckdb_prepared_statement statement, const Parameters& parameters);

}  // namespace duckwire::duckdb
