// information_schema, with PostgreSQL's domains as their base types on the wire: sql_identifier is
// name, character_data and yes_or_no are varchar, cardinal_number is int4.

#include "protocols/pgwire/catalog/catalog_sql.hpp"

namespace duckwire::pgwire::catalog {

Statements information_schema_statements() {
  return {
      R"(
CREATE VIEW duckwire_catalog.information.schemata AS
SELECT current_database()::pg_name AS catalog_name, nspname AS schema_name,
       r.rolname AS schema_owner, NULL::pg_name AS default_character_set_catalog,
       NULL::pg_name AS default_character_set_schema,
       NULL::pg_name AS default_character_set_name, NULL::pg_varchar AS sql_path
FROM duckwire_catalog.pg.duckwire_namespaces
CROSS JOIN (SELECT rolname FROM duckwire_catalog.pg.duckwire_roles WHERE oid = 10) r)",
      R"(
CREATE VIEW duckwire_catalog.information.tables AS
SELECT current_database()::pg_name AS table_catalog, nspname AS table_schema,
       relname::pg_name AS table_name,
       (CASE WHEN relkind = 'v' THEN 'VIEW' WHEN temporary THEN 'LOCAL TEMPORARY' ELSE 'BASE TABLE' END)
         ::pg_varchar AS table_type,
       NULL::pg_name AS self_referencing_column_name, NULL::pg_varchar AS reference_generation,
       NULL::pg_name AS user_defined_type_catalog, NULL::pg_name AS user_defined_type_schema,
       NULL::pg_name AS user_defined_type_name,
       (CASE WHEN relkind = 'r' THEN 'YES' ELSE 'NO' END)::pg_varchar AS is_insertable_into,
       'NO'::pg_varchar AS is_typed, NULL::pg_varchar AS commit_action
FROM duckwire_catalog.pg.duckwire_relations WHERE relkind IN ('r', 'v'))",
      R"(
CREATE VIEW duckwire_catalog.information.views AS
SELECT current_database()::pg_name AS table_catalog, nspname AS table_schema,
       relname::pg_name AS table_name,
       duckwire_catalog.pg.duckwire_view_definition(sql)::pg_varchar AS view_definition,
       'NONE'::pg_varchar AS check_option, 'NO'::pg_varchar AS is_updatable,
       'NO'::pg_varchar AS is_insertable_into, 'NO'::pg_varchar AS is_trigger_updatable,
       'NO'::pg_varchar AS is_trigger_deletable, 'NO'::pg_varchar AS is_trigger_insertable_into
FROM duckwire_catalog.pg.duckwire_relations WHERE relkind = 'v')",
      R"(
CREATE VIEW duckwire_catalog.information.columns AS
SELECT current_database()::pg_name AS table_catalog, r.nspname AS table_schema,
       c.table_name::pg_name AS table_name, c.column_name::pg_name AS column_name,
       c.attnum::INTEGER AS ordinal_position,
       duckwire_catalog.pg.duckwire_default_text(c.column_default)::pg_varchar AS column_default,
       (CASE WHEN c.is_nullable THEN 'YES' ELSE 'NO' END)::pg_varchar AS is_nullable,
       (CASE WHEN t.typcategory = 'A' THEN 'ARRAY' ELSE coalesce(t.sql_name, 'USER-DEFINED') END)
         ::pg_varchar AS data_type,
       NULL::INTEGER AS character_maximum_length,
       (CASE WHEN t.typcategory = 'S' THEN 1073741824 END)::INTEGER AS character_octet_length,
       (CASE WHEN c.atttypid IN (21, 23, 20, 700, 701, 1700) THEN c.numeric_precision END)::INTEGER
         AS numeric_precision,
       (CASE WHEN c.atttypid IN (21, 23, 20, 1700) THEN 10 WHEN c.atttypid IN (700, 701) THEN 2 END)::INTEGER
         AS numeric_precision_radix,
       (CASE WHEN c.atttypid IN (21, 23, 20, 1700) THEN c.numeric_scale END)::INTEGER AS numeric_scale,
       (CASE WHEN t.typcategory = 'D' THEN (CASE WHEN c.atttypid = 1082 THEN 0 ELSE 6 END) END)::INTEGER
         AS datetime_precision,
       NULL::pg_varchar AS interval_type, NULL::INTEGER AS interval_precision,
       NULL::pg_name AS character_set_catalog, NULL::pg_name AS character_set_schema,
       NULL::pg_name AS character_set_name, NULL::pg_name AS collation_catalog,
       NULL::pg_name AS collation_schema, NULL::pg_name AS collation_name,
       NULL::pg_name AS domain_catalog, NULL::pg_name AS domain_schema,
       NULL::pg_name AS domain_name, current_database()::pg_name AS udt_catalog,
       'pg_catalog'::pg_name AS udt_schema, coalesce(t.typname, 'text')::pg_name AS udt_name,
       NULL::pg_name AS scope_catalog, NULL::pg_name AS scope_schema,
       NULL::pg_name AS scope_name, NULL::INTEGER AS maximum_cardinality,
       c.attnum::VARCHAR::pg_name AS dtd_identifier, 'NO'::pg_varchar AS is_self_referencing,
       'NO'::pg_varchar AS is_identity, NULL::pg_varchar AS identity_generation,
       NULL::pg_varchar AS identity_start, NULL::pg_varchar AS identity_increment,
       NULL::pg_varchar AS identity_maximum, NULL::pg_varchar AS identity_minimum,
       'NO'::pg_varchar AS identity_cycle, 'NEVER'::pg_varchar AS is_generated,
       NULL::pg_varchar AS generation_expression,
       (CASE WHEN r.relkind = 'r' THEN 'YES' ELSE 'NO' END)::pg_varchar AS is_updatable
FROM duckwire_catalog.pg.duckwire_columns c
JOIN duckwire_catalog.pg.duckwire_relations r ON r.oid = c.table_oid
LEFT JOIN duckwire_catalog.pg.duckwire_builtin_types t ON t.oid = c.atttypid)",
      R"(
CREATE VIEW duckwire_catalog.information.table_constraints AS
SELECT current_database()::pg_name AS constraint_catalog, r.nspname AS constraint_schema,
       c.constraint_name::pg_name AS constraint_name,
       current_database()::pg_name AS table_catalog, r.nspname AS table_schema,
       c.table_name::pg_name AS table_name,
       (CASE c.contype WHEN 'p' THEN 'PRIMARY KEY' WHEN 'u' THEN 'UNIQUE' WHEN 'f' THEN 'FOREIGN KEY'
                       ELSE 'CHECK' END)::pg_varchar AS constraint_type,
       'NO'::pg_varchar AS is_deferrable, 'NO'::pg_varchar AS initially_deferred,
       'YES'::pg_varchar AS enforced, NULL::pg_varchar AS nulls_distinct
FROM duckwire_catalog.pg.duckwire_constraints c
JOIN duckwire_catalog.pg.duckwire_relations r ON r.oid = c.table_oid)",
      R"(
CREATE VIEW duckwire_catalog.information.key_column_usage AS
SELECT current_database()::pg_name AS constraint_catalog, r.nspname AS constraint_schema,
       c.constraint_name::pg_name AS constraint_name,
       current_database()::pg_name AS table_catalog, r.nspname AS table_schema,
       c.table_name::pg_name AS table_name, k.column_name::pg_name AS column_name,
       k.position::INTEGER AS ordinal_position,
       (CASE WHEN c.contype = 'f' THEN k.position END)::INTEGER AS position_in_unique_constraint
FROM duckwire_catalog.pg.duckwire_constraints c
JOIN duckwire_catalog.pg.duckwire_relations r ON r.oid = c.table_oid
CROSS JOIN LATERAL (SELECT unnest(c.constraint_column_names) AS column_name,
                           generate_subscripts(c.constraint_column_names, 1) AS position) k
WHERE c.contype IN ('p', 'u', 'f'))",
      R"(
CREATE VIEW duckwire_catalog.information.referential_constraints AS
SELECT current_database()::pg_name AS constraint_catalog, r.nspname AS constraint_schema,
       c.constraint_name::pg_name AS constraint_name,
       current_database()::pg_name AS unique_constraint_catalog,
       r.nspname AS unique_constraint_schema, u.constraint_name::pg_name AS unique_constraint_name,
       'NONE'::pg_varchar AS match_option, 'NO ACTION'::pg_varchar AS update_rule,
       'NO ACTION'::pg_varchar AS delete_rule
FROM duckwire_catalog.pg.duckwire_constraints c
JOIN duckwire_catalog.pg.duckwire_relations r ON r.oid = c.table_oid
LEFT JOIN duckwire_catalog.pg.duckwire_constraints u ON u.index_oid = c.referenced_index_oid
WHERE c.contype = 'f')",
      R"(
CREATE VIEW duckwire_catalog.information.constraint_column_usage AS
SELECT current_database()::pg_name AS table_catalog, r.nspname AS table_schema,
       (CASE WHEN c.contype = 'f' THEN c.referenced_table ELSE c.table_name END)::pg_name AS table_name,
       unnest(CASE WHEN c.contype = 'f' THEN c.referenced_column_names ELSE c.constraint_column_names END)
         ::pg_name AS column_name,
       current_database()::pg_name AS constraint_catalog, r.nspname AS constraint_schema,
       c.constraint_name::pg_name AS constraint_name
FROM duckwire_catalog.pg.duckwire_constraints c
JOIN duckwire_catalog.pg.duckwire_relations r ON r.oid = c.table_oid)",
      R"(
CREATE VIEW duckwire_catalog.information.check_constraints AS
SELECT current_database()::pg_name AS constraint_catalog, r.nspname AS constraint_schema,
       c.constraint_name::pg_name AS constraint_name,
       c.expression::pg_varchar AS check_clause
FROM duckwire_catalog.pg.duckwire_constraints c
JOIN duckwire_catalog.pg.duckwire_relations r ON r.oid = c.table_oid
WHERE c.contype = 'c')",
      R"(
CREATE VIEW duckwire_catalog.information.sequences AS
SELECT current_database()::pg_name AS sequence_catalog, n.nspname AS sequence_schema,
       s.sequence_name::pg_name AS sequence_name, 'bigint'::pg_varchar AS data_type,
       64 AS numeric_precision, 2 AS numeric_precision_radix, 0 AS numeric_scale,
       s.start_value::VARCHAR::pg_varchar AS start_value,
       s.min_value::VARCHAR::pg_varchar AS minimum_value,
       s.max_value::VARCHAR::pg_varchar AS maximum_value,
       s.increment_by::VARCHAR::pg_varchar AS increment,
       (CASE WHEN s.cycle THEN 'YES' ELSE 'NO' END)::pg_varchar AS cycle_option
FROM duckdb_sequences() s
JOIN duckwire_catalog.pg.duckwire_namespaces n ON n.database_name = s.database_name AND n.schema_name = s.schema_name)",
      R"(
CREATE VIEW duckwire_catalog.information.routines AS
SELECT current_database()::pg_name AS specific_catalog, n.nspname AS specific_schema,
       (f.proname || '_' || f.oid)::pg_name AS specific_name,
       current_database()::pg_name AS routine_catalog, n.nspname AS routine_schema,
       f.proname AS routine_name, 'FUNCTION'::pg_varchar AS routine_type,
       'USER-DEFINED'::pg_varchar AS data_type, 'SQL'::pg_varchar AS routine_body,
       f.definition::pg_varchar AS routine_definition,
       'SQL'::pg_varchar AS external_language
FROM duckwire_catalog.pg.duckwire_functions f
JOIN duckwire_catalog.pg.duckwire_namespaces n ON n.oid = f.pronamespace)",
      R"(
CREATE VIEW duckwire_catalog.information.character_sets AS
SELECT NULL::pg_name AS character_set_catalog, NULL::pg_name AS character_set_schema,
       'UTF8'::pg_name AS character_set_name, 'UCS'::pg_name AS character_repertoire,
       'UTF8'::pg_name AS form_of_use, current_database()::pg_name AS default_collate_catalog,
       'pg_catalog'::pg_name AS default_collate_schema, 'C'::pg_name AS default_collate_name)",
  };
}

}  // namespace duckwire::pgwire::catalog
