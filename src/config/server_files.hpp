#pragma once
// The files the server owns, which SQL must never reach: the database, its WAL, DuckDB's temporary
// directory, the result cache and the TLS certificate and key.

#include <string>
#include <vector>

namespace duckwire {

struct Config;

// Where DuckDB spills: "<database>.tmp", or for :memory: a directory of this process under the
// system's temporary directory (DuckDB's own default, ".tmp", would put it in the working directory).
std::string duckdb_temp_directory(const Config& config);

// Where the PostgreSQL front door's emulated catalog database is built: "<database>.pg-catalog", or
// for :memory: a file of this process under the system's temporary directory.
std::string pg_catalog_file(const Config& config);

// Removes the files of pg_catalog_file() (and their WAL) in `directory` whose server no longer runs:
// what servers that were killed left behind. A file whose process is alive is kept.
void remove_stale_pg_catalog_files(const std::string& directory);

// Absolute, normalised paths. The cache of a :memory: server is created later under a random name:
// its pattern stands for it.
std::vector<std::string> server_owned_paths(const Config& config);

// True when `path` is `directory` or lies under it (both absolute and normalised).
bool path_within(const std::string& path, const std::string& directory);

}  // namespace duckwire
