#pragma once
// The PostgreSQL version duckwire reports (--pg-server-version, "15.0" by default).

#include <string>

namespace duckwire::pgwire::catalog {

// server_version_num of a server_version: "15.0" → 150000, "15.4" → 150004, "9.6.2" → 90602.
int server_version_number(const std::string& server_version);

// A SQL expression for what version() answers:
// "PostgreSQL 15.0 (duckwire <duckwire version>, DuckDB <engine version>), 64-bit".
std::string version_expression(const std::string& server_version);

}  // namespace duckwire::pgwire::catalog
