#pragma once
// duckwire's emulated PostgreSQL 15 catalog: pg_catalog and information_schema relations computed
// live from DuckDB's catalog, and the functions clients call, built once while the backend opens
// in a database that clients can read but never change.

#include <string>
#include <vector>

#include "backend/backend.hpp"

namespace duckwire::pgwire {

struct CatalogSettings {
  // Where the catalog database is built and then attached read-only: a path the server owns
  // (config/server_files.hpp), which SQL can never reach.
  std::string file;
  // What version() and server_version report, e.g. "15.0".
  std::string server_version = "15.0";
  // The server's users, listed by pg_roles, pg_user and pg_authid.
  std::vector<std::string> roles;
};

// Adds the catalog to what the backend sets up while it opens: the PostgreSQL type aliases its
// columns carry, the statements that build it, and its file.
void add_catalog_setup(BackendOptions& options, const CatalogSettings& settings);

// The statements that build the catalog (the type aliases must be registered first).
std::vector<std::string> catalog_setup_statements(const CatalogSettings& settings);

// The PostgreSQL types the catalog's columns carry, as DuckDB type aliases.
std::vector<TypeAlias> catalog_type_aliases();

// SQL run on each new PostgreSQL session before its first statement: UTC, and the search path
// through which unqualified catalog names (pg_class, format_type(...)) resolve; `user` is the
// session's user, which current_user and session_user report.
std::vector<std::string> session_setup_statements(const std::string& user);

}  // namespace duckwire::pgwire
