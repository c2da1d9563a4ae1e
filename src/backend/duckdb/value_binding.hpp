#pragma once
// Binds backend Values to a prepared statement as DuckDB values, never as SQL text.

#include "backend/duckdb/handles.hpp"
#include "backend/value.hpp"
#include "util/error.hpp"

namespace duckwire::duckdb {

// The DuckDB value of a backend Value (kInvalidParameter when it cannot be built).
Result<ValueHandle> to_duckdb_value(const Value& value);

// Replaces the statement's bindings. A non-empty positional list must supply every parameter; named
// ones bind by name. An integer (or double) is made in the integer (or FLOAT) type DuckDB gave the
// parameter when it holds the value, so the statement is not re-planned for a value of another type.
// Errors are kInvalidInput and name the parameter ("parameter 2: ...", "parameter \"name\": ...",
// "unknown parameter: name").
Result<void> bind_parameters(duckdb_prepared_statement statement, const Parameters& parameters);

}  // namespace duckwire::duckdb
