// pg_index, pg_indexes and pg_constraint: DuckDB's indexes and the indexes behind primary key and
// unique constraints, and the table constraints.

#include "protocols/pgwire/catalog/catalog_sql.hpp"

namespace duckwire::pgwire::catalog {

Statements constraint_statements() {
  return {
      // Every index with its key columns (attnums; 0 for an expression) and its definition as
      // pg_get_indexdef prints it.
      R"(
CREATE VIEW duckwire_catalog.pg.duckwire_indexes AS
WITH column_lists AS (
  SELECT table_oid, list(column_name ORDER BY column_index) AS names FROM duckdb_columns() GROUP BY table_oid),
created AS (
  SELECT i.index_oid, i.index_name, i.table_oid, i.table_name, i.database_name, i.schema_name, i.is_unique,
         false AS is_primary, list_transform(string_split(trim(i.expressions, '[]'), ', '), e -> trim(e, '"')) AS keys
  FROM duckdb_indexes() i),
constrained AS (
  SELECT index_oid, constraint_name, table_oid, table_name, database_name, schema_name, true, contype = 'p',
         constraint_column_names
  FROM duckwire_catalog.pg.duckwire_constraints WHERE index_oid IS NOT NULL),
indexes AS (SELECT * FROM created UNION ALL SELECT * FROM constrained)
SELECT x.index_oid, x.index_name, x.table_oid, x.table_name, x.database_name, x.schema_name, x.is_unique,
       x.is_primary, x.keys,
       list_transform(x.keys, k -> coalesce(list_position(c.names, k), 0)::SMALLINT) AS attnums,
       r.nspname,
       'CREATE ' || (CASE WHEN x.is_unique THEN 'UNIQUE ' ELSE '' END) || 'INDEX ' || x.index_name || ' ON '
         || r.nspname || '.' || x.table_name || ' USING btree (' || array_to_string(x.keys, ', ') || ')' AS indexdef
FROM indexes x
JOIN duckwire_catalog.pg.duckwire_relations r ON r.oid = x.table_oid
LEFT JOIN column_lists c ON c.table_oid = x.table_oid)",
      R"(
CREATE VIEW duckwire_catalog.pg.pg_index AS
SELECT index_oid::pg_oid AS indexrelid, table_oid::pg_oid AS indrelid,
       len(attnums)::SMALLINT AS indnatts, len(attnums)::SMALLINT AS indnkeyatts, is_unique AS indisunique,
       false AS indnullsnotdistinct, is_primary AS indisprimary, false AS indisexclusion, true AS indimmediate,
       false AS indisclustered, true AS indisvalid, false AS indcheckxmin, true AS indisready, true AS indislive,
       false AS indisreplident, attnums AS indkey,
       list_transform(attnums, a -> 0)::pg_oid[] AS indcollation,
       list_transform(attnums, a -> 1978)::pg_oid[] AS indclass,
       list_transform(attnums, a -> 0::SMALLINT) AS indoption,
       (CASE WHEN list_contains(attnums, 0)
             THEN array_to_string(list_filter(keys, (k, i) -> attnums[i] = 0), ', ') END)::pg_pg_node_tree
         AS indexprs,
       NULL::pg_pg_node_tree AS indpred
FROM duckwire_catalog.pg.duckwire_indexes)",
      R"(
CREATE VIEW duckwire_catalog.pg.pg_indexes AS
SELECT nspname AS schemaname, table_name::pg_name AS tablename, index_name::pg_name AS indexname,
       NULL::pg_name AS tablespace, indexdef
FROM duckwire_catalog.pg.duckwire_indexes)",
      R"(
CREATE VIEW duckwire_catalog.pg.pg_constraint AS
SELECT c.conoid::pg_oid AS oid, c.constraint_name::pg_name AS conname,
       r.relnamespace AS connamespace, c.contype::pg_char AS contype, false AS condeferrable,
       false AS condeferred, true AS convalidated, c.table_oid::pg_oid AS conrelid,
       0::pg_oid AS contypid,
       coalesce(c.index_oid, c.referenced_index_oid, 0)::pg_oid AS conindid,
       0::pg_oid AS conparentid, coalesce(c.confrelid, 0)::pg_oid AS confrelid,
       (CASE WHEN c.contype = 'f' THEN 'a' ELSE ' ' END)::pg_char AS confupdtype,
       (CASE WHEN c.contype = 'f' THEN 'a' ELSE ' ' END)::pg_char AS confdeltype,
       (CASE WHEN c.contype = 'f' THEN 's' ELSE ' ' END)::pg_char AS confmatchtype,
       true AS conislocal, 0 AS coninhcount, false AS connoinherit, c.conkey, c.confkey,
       NULL::pg_oid[] AS conpfeqop, NULL::pg_oid[] AS conppeqop,
       NULL::pg_oid[] AS conffeqop, NULL::SMALLINT[] AS confdelsetcols,
       NULL::pg_oid[] AS conexclop,
       (CASE WHEN c.contype = 'c' THEN c.expression END)::pg_pg_node_tree AS conbin
FROM duckwire_catalog.pg.duckwire_constraints c
JOIN duckwire_catalog.pg.duckwire_relations r ON r.oid = c.table_oid)",
  };
}

}  // namespace duckwire::pgwire::catalog
