#pragma once

#include <duckdb.h>

#include "backend/column_type.hpp"
#include "backend/duckdb/handles.hpp"
#include "util/error.hpp"

namespace duckwire::duckdb {

// Describes a DuckDB logical type as an engine-neutral ColumnType (recursively for nested types).
ColumnType column_type_of(duckdb_logical_type type);
// The DuckDB type a ColumnType describes; an error for TypeId::kOther (anywhere inside).
Result<LogicalType> logical_type_of(const ColumnType& type);

}  // namespace duckwire::duckdb
