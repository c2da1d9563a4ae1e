#pragma once

#include <duckdb.h>

#include "backend/column_type.hpp"

namespace duckwire::duckdb {

// Describes a DuckDB logical type as an engine-neutral ColumnType (recursively for nested types).
ColumnType column_type_of(duckdb_logical_type type);

}  // namespace duckwire::duckdb
