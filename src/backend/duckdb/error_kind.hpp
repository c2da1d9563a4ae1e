#pragma once

#include <duckdb.h>

#include <string>

#include "util/error.hpp"

namespace duckwire::duckdb {

// Maps DuckDB's error type (and, where DuckDB's type is too coarse, its message) to an ErrorKind.
ErrorKind error_kind_of(duckdb_error_type type, const std::string& message);

Error make_error(duckdb_error_type type, const char* message);

// For the few C API calls that report only a message ("Catalog Error: ..."): the type from its prefix.
Error make_error_from_message(const char* message);

}  // namespace duckwire::duckdb
