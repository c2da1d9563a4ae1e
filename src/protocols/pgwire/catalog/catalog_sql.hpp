#pragma once
// The SQL of each group of catalog relations and functions (one file per group). Each statement
// creates objects in the catalog database; they run in the order catalog_setup_statements() lists.

#include <string>
#include <vector>

namespace duckwire::pgwire::catalog {

using Statements = std::vector<std::string>;

// Macros the views use (names starting with duckwire_).
Statements helper_macro_statements();
// Internal views the relations share (names starting with duckwire_, hidden from pg_class).
Statements base_view_statements();
// pg_namespace, pg_database, pg_tablespace, pg_roles, pg_user, pg_authid, pg_auth_members.
Statements namespace_statements(const std::vector<std::string>& roles);
// pg_class, pg_am, pg_inherits, pg_partitioned_table, pg_sequence, pg_sequences, pg_tables, pg_views.
Statements class_statements();
// pg_attribute, pg_attrdef.
Statements attribute_statements();
// pg_type, pg_enum, pg_range, pg_collation.
Statements type_statements();
// pg_index, pg_indexes, pg_constraint.
Statements constraint_statements();
// pg_description, pg_proc, pg_settings and the relations clients read but duckwire keeps empty.
Statements misc_statements(const std::string& server_version);
// The views the macros look objects up in (columns named dw_*, safe from the caller's names).
Statements lookup_view_statements();
// information_schema.
Statements information_schema_statements();
// Functions (macros): format_type, pg_get_*, has_*_privilege, version() ...
Statements function_statements(const std::string& server_version);
// The duckwire_cast_<type> macros the SQL rewriter calls for PostgreSQL-only casts.
Statements cast_statements();
// duckwire_cast_<type>_array for the casts to arrays of those types.
Statements cast_array_statements();

}  // namespace duckwire::pgwire::catalog
