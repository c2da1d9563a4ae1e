#pragma once

#include <memory>
#include <string>
#include <vector>

#include "backend/backend.hpp"

namespace duckwire {

// Opens (or creates) the DuckDB database named by options.path. Extension failures do not fail the
// open: each adds a line to `warnings` naming the extension and the reason.
Result<std::unique_ptr<Backend>> open_duckdb_backend(const BackendOptions& options,
                                                     std::vector<std::string>& warnings);

// The DuckDB library's version, e.g. "v1.5.6", known before any database is open.
std::string duckdb_engine_version();

}  // namespace duckwire
