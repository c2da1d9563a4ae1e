#pragma once
// Text for the catalog's SQL.

#include <string>
#include <string_view>

#include "util/sql_literal.hpp"

namespace duckwire::pgwire::catalog {

using duckwire::sql_literal;  // 'it''s'

// The DuckDB type that carries PostgreSQL type `pg_name` ("oid", "text", "aclitem[]") in the catalog:
// a native DuckDB type where one reports that PostgreSQL type, else the registered alias.
std::string duck_type(std::string_view pg_name);

// A relation duckwire keeps empty, with PostgreSQL's columns: "name type, name type, ...".
std::string empty_relation(std::string_view qualified_name, std::string_view columns);

}  // namespace duckwire::pgwire::catalog
