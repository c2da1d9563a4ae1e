#pragma once
// Where duckwire's emulated PostgreSQL catalog lives in DuckDB. libduckdb reserves the schema names
// pg_catalog and information_schema in every database, so the catalog database's schemas have
// other names; the SQL rewriter maps PostgreSQL's qualifiers onto them.

#include <string_view>

namespace duckwire::pgwire::catalog {

// The database attached (read-only) as the catalog.
inline constexpr std::string_view kDatabase = "duckwire_catalog";
// `pg_catalog.` in a client's SQL means this schema; `information_schema.` the other.
inline constexpr std::string_view kPgCatalogSchema = "duckwire_catalog.pg";
inline constexpr std::string_view kInformationSchema = "duckwire_catalog.information";

// The prefix of a DuckDB type alias that stands for the PostgreSQL built-in type named after it
// (pg_oid is oid, 26; pg_pg_node_tree is pg_node_tree): encode::pg::pg_type_of reads it. Plain
// identifiers, because DuckDB stores a view's SQL with its type names unquoted.
inline constexpr std::string_view kTypeAliasPrefix = "pg_";

}  // namespace duckwire::pgwire::catalog
