// pg_class and the relations about relations: pg_am, pg_inherits, pg_partitioned_table, pg_sequence,
// and the pg_tables, pg_views, pg_sequences and pg_matviews views.

#include "protocols/pgwire/catalog/catalog_sql.hpp"

namespace duckwire::pgwire::catalog {

Statements class_statements() {
  return {
      R"(
CREATE VIEW duckwire_catalog.pg.pg_class AS
SELECT oid::pg_oid AS oid, relname::pg_name AS relname, relnamespace,
       0::pg_oid AS reltype, 0::pg_oid AS reloftype, 10::pg_oid AS relowner,
       (CASE relkind WHEN 'r' THEN 2 WHEN 'i' THEN 403 ELSE 0 END)::pg_oid AS relam,
       oid::pg_oid AS relfilenode, 0::pg_oid AS reltablespace,
       (CASE WHEN reltuples > 0 THEN 1 ELSE 0 END)::INTEGER AS relpages, reltuples::FLOAT AS reltuples,
       0 AS relallvisible, 0::pg_oid AS reltoastrelid, relhasindex, false AS relisshared,
       (CASE WHEN temporary THEN 't' ELSE 'p' END)::pg_char AS relpersistence,
       relkind::pg_char AS relkind, relnatts::SMALLINT AS relnatts, relchecks::SMALLINT AS relchecks,
       false AS relhasrules, relhastriggers, false AS relhassubclass, false AS relrowsecurity,
       false AS relforcerowsecurity, true AS relispopulated,
       (CASE WHEN relkind = 'r' THEN 'd' ELSE 'n' END)::pg_char AS relreplident, false AS relispartition,
       0::pg_oid AS relrewrite, 0::pg_xid AS relfrozenxid, 0::pg_xid AS relminmxid,
       NULL::pg_aclitem[] AS relacl, NULL::VARCHAR[] AS reloptions,
       NULL::pg_pg_node_tree AS relpartbound
FROM duckwire_catalog.pg.duckwire_relations)",
      R"(
CREATE VIEW duckwire_catalog.pg.pg_am AS
SELECT oid::pg_oid AS oid, amname::pg_name AS amname, amhandler::pg_regproc AS amhandler,
       amtype::pg_char AS amtype
FROM (VALUES (2, 'heap', 'heap_tableam_handler', 't'), (403, 'btree', 'bthandler', 'i'),
             (405, 'hash', 'hashhandler', 'i'), (783, 'gist', 'gisthandler', 'i'),
             (2742, 'gin', 'ginhandler', 'i'), (4000, 'spgist', 'spghandler', 'i'),
             (3580, 'brin', 'brinhandler', 'i')) a(oid, amname, amhandler, amtype))",
      R"(
CREATE VIEW duckwire_catalog.pg.pg_inherits AS
SELECT NULL::pg_oid AS inhrelid, NULL::pg_oid AS inhparent, NULL::INTEGER AS inhseqno,
       NULL::BOOLEAN AS inhdetachpending
WHERE false)",
      R"(
CREATE VIEW duckwire_catalog.pg.pg_partitioned_table AS
SELECT NULL::pg_oid AS partrelid, NULL::pg_char AS partstrat, NULL::SMALLINT AS partnatts,
       NULL::pg_oid AS partdefid, NULL::SMALLINT[] AS partattrs,
       NULL::pg_oid[] AS partclass, NULL::pg_oid[] AS partcollation,
       NULL::pg_pg_node_tree AS partexprs
WHERE false)",
      R"(
CREATE VIEW duckwire_catalog.pg.pg_sequence AS
SELECT s.sequence_oid::pg_oid AS seqrelid, 20::pg_oid AS seqtypid, s.start_value AS seqstart,
       s.increment_by AS seqincrement, s.max_value AS seqmax, s.min_value AS seqmin, 1::BIGINT AS seqcache,
       s.cycle AS seqcycle
FROM duckdb_sequences() s
JOIN duckwire_catalog.pg.duckwire_namespaces n ON n.database_name = s.database_name AND n.schema_name = s.schema_name)",
      R"(
CREATE VIEW duckwire_catalog.pg.pg_sequences AS
SELECT n.nspname AS schemaname, s.sequence_name::pg_name AS sequencename,
       r.rolname AS sequenceowner, 'bigint'::pg_regtype AS data_type, s.start_value,
       s.min_value, s.max_value, s.increment_by, s.cycle, 1::BIGINT AS cache_size, s.last_value
FROM duckdb_sequences() s
JOIN duckwire_catalog.pg.duckwire_namespaces n ON n.database_name = s.database_name AND n.schema_name = s.schema_name
CROSS JOIN (SELECT rolname FROM duckwire_catalog.pg.duckwire_roles WHERE oid = 10) r)",
      R"(
CREATE VIEW duckwire_catalog.pg.pg_tables AS
SELECT c.nspname AS schemaname, c.relname::pg_name AS tablename, r.rolname AS tableowner,
       NULL::pg_name AS tablespace, c.relhasindex AS hasindexes, false AS hasrules,
       c.relhastriggers AS hastriggers, false AS rowsecurity
FROM duckwire_catalog.pg.duckwire_relations c
CROSS JOIN (SELECT rolname FROM duckwire_catalog.pg.duckwire_roles WHERE oid = 10) r
WHERE c.relkind = 'r')",
      R"(
CREATE VIEW duckwire_catalog.pg.pg_views AS
SELECT c.nspname AS schemaname, c.relname::pg_name AS viewname, r.rolname AS viewowner,
       duckwire_catalog.pg.duckwire_view_definition(c.sql) AS definition
FROM duckwire_catalog.pg.duckwire_relations c
CROSS JOIN (SELECT rolname FROM duckwire_catalog.pg.duckwire_roles WHERE oid = 10) r
WHERE c.relkind = 'v')",
      R"(
CREATE VIEW duckwire_catalog.pg.pg_matviews AS
SELECT NULL::pg_name AS schemaname, NULL::pg_name AS matviewname,
       NULL::pg_name AS matviewowner, NULL::pg_name AS tablespace, NULL::BOOLEAN AS hasindexes,
       NULL::BOOLEAN AS ispopulated, NULL::VARCHAR AS definition
WHERE false)",
  };
}

}  // namespace duckwire::pgwire::catalog
