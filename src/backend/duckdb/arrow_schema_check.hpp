#pragma once
// Whether DuckDB can take an Arrow schema, before it is asked to scan data of it.

#include <duckdb.h>

#include "arrow/c_data.hpp"
#include "util/error.hpp"

namespace duckwire::duckdb {

// DuckDB's verdict on an Arrow schema, naming the first column whose type it cannot take.
Result<void> check_arrow_schema(duckdb_connection connection, const ArrowSchema& schema);

}  // namespace duckwire::duckdb
