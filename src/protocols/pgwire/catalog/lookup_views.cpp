// Views the catalog's macros look objects up in. A macro's argument is an expression of the
// caller's query (`pg_table_is_visible(oid)`, `format_type(t.typbasetype, ...)`), substituted into
// the macro's subquery: there it must not meet a column or alias of the subquery's own. So these
// views name every column dw_<name> and the macros use no aliases.

#include "protocols/pgwire/catalog/catalog_sql.hpp"

namespace duckwire::pgwire::catalog {

Statements lookup_view_statements() {
  return {
      R"(
CREATE VIEW duckwire_catalog.pg.duckwire_type_lookup AS
SELECT t.oid AS dw_oid, t.typname::VARCHAR AS dw_typname, b.sql_name AS dw_sql_name, n.nspname::VARCHAR AS dw_nspname
FROM duckwire_catalog.pg.pg_type t
JOIN duckwire_catalog.pg.pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN duckwire_catalog.pg.duckwire_builtin_types b ON b.oid = t.oid)",
      R"(
CREATE VIEW duckwire_catalog.pg.duckwire_relation_lookup AS
SELECT oid AS dw_oid, relname AS dw_relname, nspname::VARCHAR AS dw_nspname, relkind AS dw_relkind, sql AS dw_sql,
       reltuples AS dw_reltuples
FROM duckwire_catalog.pg.duckwire_relations)",
      R"(
CREATE VIEW duckwire_catalog.pg.duckwire_role_lookup AS
SELECT oid AS dw_oid, rolname AS dw_rolname FROM duckwire_catalog.pg.duckwire_roles)",
      R"(
CREATE VIEW duckwire_catalog.pg.duckwire_namespace_lookup AS
SELECT oid AS dw_oid, nspname::VARCHAR AS dw_nspname FROM duckwire_catalog.pg.duckwire_namespaces)",
      R"(
CREATE VIEW duckwire_catalog.pg.duckwire_function_lookup AS
SELECT f.oid AS dw_oid, n.nspname::VARCHAR AS dw_nspname, f.argument_names AS dw_argument_names,
       f.prokind AS dw_prokind
FROM duckwire_catalog.pg.duckwire_functions f JOIN duckwire_catalog.pg.duckwire_namespaces n ON n.oid = f.pronamespace)",
      R"(
CREATE VIEW duckwire_catalog.pg.duckwire_index_lookup AS
SELECT index_oid AS dw_index_oid, indexdef AS dw_indexdef, keys AS dw_keys FROM duckwire_catalog.pg.duckwire_indexes)",
      R"(
CREATE VIEW duckwire_catalog.pg.duckwire_constraint_lookup AS
SELECT conoid AS dw_conoid, definition AS dw_definition FROM duckwire_catalog.pg.duckwire_constraints)",
      R"(
CREATE VIEW duckwire_catalog.pg.duckwire_description_lookup AS
SELECT objoid AS dw_objoid, classoid AS dw_classoid, objsubid AS dw_objsubid, description AS dw_description
FROM duckwire_catalog.pg.pg_description)",
      R"(
CREATE VIEW duckwire_catalog.pg.duckwire_column_lookup AS
SELECT c.table_oid AS dw_table_oid, c.column_name AS dw_column_name, c.column_default AS dw_default,
       r.nspname::VARCHAR AS dw_nspname
FROM duckwire_catalog.pg.duckwire_columns c JOIN duckwire_catalog.pg.duckwire_relations r ON r.oid = c.table_oid)",
      R"(
CREATE VIEW duckwire_catalog.pg.duckwire_setting_lookup AS
SELECT lower(name) AS dw_name, setting AS dw_setting, 0 AS dw_rank FROM duckwire_catalog.pg.duckwire_postgres_settings
UNION ALL
SELECT lower(name), value, 1 FROM duckdb_settings())",
      R"(
CREATE VIEW duckwire_catalog.pg.duckwire_collation_lookup AS
SELECT oid AS dw_oid, collname::VARCHAR AS dw_collname FROM duckwire_catalog.pg.pg_collation)",
      R"(
CREATE VIEW duckwire_catalog.pg.duckwire_keyword_lookup AS
SELECT keyword_name AS dw_keyword, keyword_category AS dw_category FROM duckdb_keywords())",
  };
}

}  // namespace duckwire::pgwire::catalog
