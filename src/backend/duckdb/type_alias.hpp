#pragma once
// Registers a named type alias with DuckDB through the C API: unlike an alias made by CREATE TYPE,
// which libduckdb 1.5.6 drops from result columns, a registered alias stays on every column of that
// type (duckdb_logical_type_get_alias), through views, unions and CASE.

#include <duckdb.h>

#include "backend/backend.hpp"
#include "util/error.hpp"

namespace duckwire::duckdb {

// The alias casts implicitly (at the lowest cost) to its base type, so functions of the base type
// accept its values; comparisons with numbers and strings work as for the base type.
Result<void> register_type_alias(duckdb_connection connection, const TypeAlias& alias);

}  // namespace duckwire::duckdb
