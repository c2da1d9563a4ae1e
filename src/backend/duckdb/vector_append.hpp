#pragma once
// Appends chunks given in DuckDB's vector layout (backend/vector_chunk.hpp) through a DuckDB appender,
// copying them into DuckDB's own data chunks slice by slice (a chunk holds at most the vector size).

#include <duckdb.h>

#include <vector>

#include "backend/column_type.hpp"
#include "backend/duckdb/handles.hpp"
#include "backend/vector_chunk.hpp"
#include "util/error.hpp"

namespace duckwire::duckdb {

// `types` are the chunk's column types, `logical_types` the same as DuckDB types (the appender's).
Result<void> append_vector_chunk(duckdb_appender appender, const std::vector<ColumnType>& types,
                                 std::vector<LogicalType>& logical_types, const VectorChunk& chunk);

}  // namespace duckwire::duckdb
