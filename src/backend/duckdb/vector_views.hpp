#pragma once
// Views of DuckDB C API vectors in the engine-neutral form of backend/vector_chunk.hpp.

#include <duckdb.h>

#include "backend/column_type.hpp"
#include "backend/vector_chunk.hpp"

namespace duckwire::duckdb {

// The view of `vector` holding `rows` values of `type`, its children included.
VectorView vector_view(duckdb_vector vector, const ColumnType& type, uint64_t rows);

}  // namespace duckwire::duckdb
