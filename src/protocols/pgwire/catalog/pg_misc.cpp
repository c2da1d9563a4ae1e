// pg_description, pg_proc, pg_settings, pg_stat_* and the relations duckwire keeps empty because
// DuckDB has no such objects (triggers, rules, policies, publications, foreign tables, ...).

#include <fmt/format.h>

#include <string>

#include "protocols/pgwire/catalog/catalog_sql.hpp"
#include "protocols/pgwire/catalog/server_version.hpp"
#include "protocols/pgwire/catalog/sql_text.hpp"

namespace duckwire::pgwire::catalog {

namespace {

// PostgreSQL settings clients read (name, setting, vartype, category): current_setting() and
// pg_settings answer with these, and with DuckDB's own settings for other names.
std::string postgres_settings(const std::string& server_version) {
  const std::string rows[][3] = {
      {"server_version", server_version, "string"},
      {"server_version_num", std::to_string(server_version_number(server_version)), "integer"},
      {"server_encoding", "UTF8", "string"},
      {"client_encoding", "UTF8", "string"},
      {"DateStyle", "ISO, MDY", "string"},
      {"IntervalStyle", "postgres", "enum"},
      {"standard_conforming_strings", "on", "bool"},
      {"integer_datetimes", "on", "bool"},
      {"max_identifier_length", "63", "integer"},
      {"max_index_keys", "32", "integer"},
      {"block_size", "8192", "integer"},
      {"max_connections", "100", "integer"},
      {"default_transaction_isolation", "read committed", "enum"},
      {"transaction_isolation", "read committed", "enum"},
      {"default_transaction_read_only", "off", "bool"},
      {"transaction_read_only", "off", "bool"},
      {"bytea_output", "hex", "enum"},
      {"extra_float_digits", "1", "integer"},
      {"lc_collate", "C.UTF-8", "string"},
      {"lc_ctype", "C.UTF-8", "string"},
      {"lc_messages", "C.UTF-8", "string"},
      {"is_superuser", "off", "bool"},
      {"application_name", "", "string"},
      {"statement_timeout", "0", "integer"},
      {"lock_timeout", "0", "integer"},
      {"idle_in_transaction_session_timeout", "0", "integer"},
      {"row_security", "on", "bool"},
      {"default_tablespace", "", "string"},
  };
  std::string values;
  for (const auto& row : rows) {
    values += fmt::format("{}({}, {}, {})", values.empty() ? "" : ", ", sql_literal(row[0]),
                          sql_literal(row[1]), sql_literal(row[2]));
  }
  return "CREATE VIEW duckwire_catalog.pg.duckwire_postgres_settings(name, setting, vartype) AS VALUES " +
         values;
}

}  // namespace

Statements misc_statements(const std::string& server_version) {
  Statements statements{
      // Comments: tables, views and sequences (pg_class 1259), columns (objsubid = attnum), schemas
      // (pg_namespace 2615), functions (pg_proc 1255).
      R"(
CREATE VIEW duckwire_catalog.pg.pg_description AS
SELECT oid::pg_oid AS objoid, 1259::pg_oid AS classoid, 0 AS objsubid, comment AS description
FROM duckwire_catalog.pg.duckwire_relations WHERE comment IS NOT NULL
UNION ALL
SELECT c.table_oid::pg_oid, 1259::pg_oid, c.attnum, c.comment
FROM duckwire_catalog.pg.duckwire_columns c JOIN duckwire_catalog.pg.duckwire_relations r ON r.oid = c.table_oid
WHERE c.comment IS NOT NULL
UNION ALL
SELECT oid, 2615::pg_oid, 0, comment FROM duckwire_catalog.pg.duckwire_namespaces WHERE comment IS NOT NULL
UNION ALL
SELECT oid, 1255::pg_oid, 0, comment FROM duckwire_catalog.pg.duckwire_functions WHERE comment IS NOT NULL)",
      empty_relation("duckwire_catalog.pg.pg_shdescription", "objoid oid, classoid oid, description text"),
      R"(
CREATE VIEW duckwire_catalog.pg.pg_proc AS
SELECT oid, proname, pronamespace, 10::pg_oid AS proowner, 14::pg_oid AS prolang,
       100::FLOAT AS procost, (CASE WHEN prokind = 't' THEN 1000 ELSE 0 END)::FLOAT AS prorows,
       0::pg_oid AS provariadic, '-'::pg_regproc AS prosupport,
       (CASE WHEN prokind = 't' THEN 'f' ELSE prokind END)::pg_char AS prokind, false AS prosecdef,
       false AS proleakproof, false AS proisstrict, prokind = 't' AS proretset,
       'v'::pg_char AS provolatile, 'u'::pg_char AS proparallel,
       len(argument_names)::SMALLINT AS pronargs, 0::SMALLINT AS pronargdefaults,
       (CASE WHEN prokind = 't' THEN 2249 ELSE 2283 END)::pg_oid AS prorettype,
       list_transform(argument_names, a -> 2283)::pg_oid[] AS proargtypes,
       NULL::pg_oid[] AS proallargtypes, NULL::pg_char[] AS proargmodes,
       argument_names::VARCHAR[] AS proargnames, NULL::pg_pg_node_tree AS proargdefaults,
       NULL::pg_oid[] AS protrftypes, definition AS prosrc, NULL::VARCHAR AS probin,
       NULL::pg_pg_node_tree AS prosqlbody, NULL::VARCHAR[] AS proconfig,
       NULL::pg_aclitem[] AS proacl
FROM duckwire_catalog.pg.duckwire_functions)",
      R"(
CREATE VIEW duckwire_catalog.pg.pg_language AS
SELECT oid::pg_oid AS oid, lanname::pg_name AS lanname, 10::pg_oid AS lanowner,
       lanispl, lanpltrusted, 0::pg_oid AS lanplcallfoid, 0::pg_oid AS laninline,
       0::pg_oid AS lanvalidator, NULL::pg_aclitem[] AS lanacl
FROM (VALUES (12, 'internal', false, false), (13, 'c', false, false), (14, 'sql', false, true))
     l(oid, lanname, lanispl, lanpltrusted))",
      postgres_settings(server_version),
      R"(
CREATE VIEW duckwire_catalog.pg.pg_settings AS
WITH settings AS (
  SELECT name, setting, vartype, 'Preset Options' AS category, '' AS short_desc
  FROM duckwire_catalog.pg.duckwire_postgres_settings
  UNION ALL
  SELECT name, value, lower(input_type), 'DuckDB', description FROM duckdb_settings()
  WHERE lower(name) NOT IN (SELECT lower(name) FROM duckwire_catalog.pg.duckwire_postgres_settings))
SELECT name, setting, NULL::VARCHAR AS unit, category, short_desc, NULL::VARCHAR AS extra_desc, 'user' AS context,
       vartype, 'default' AS source, NULL::VARCHAR AS min_val, NULL::VARCHAR AS max_val,
       NULL::VARCHAR[] AS enumvals, setting AS boot_val, setting AS reset_val, NULL::VARCHAR AS sourcefile,
       NULL::INTEGER AS sourceline, false AS pending_restart
FROM settings)",
      R"(
CREATE VIEW duckwire_catalog.pg.pg_stat_activity AS
SELECT d.oid AS datid, d.datname, coalesce(getvariable('duckwire_backend_pid'), 0)::INTEGER AS pid,
       NULL::INTEGER AS leader_pid, 10::pg_oid AS usesysid,
       coalesce(getvariable('duckwire_user'), 'duckwire')::pg_name AS usename,
       coalesce(getvariable('duckwire_application_name'), '') AS application_name,
       NULL::pg_inet AS client_addr, NULL::VARCHAR AS client_hostname, NULL::INTEGER AS client_port,
       now() AS backend_start, now() AS xact_start, now() AS query_start, now() AS state_change,
       NULL::VARCHAR AS wait_event_type, NULL::VARCHAR AS wait_event, 'active' AS state,
       NULL::pg_xid AS backend_xid, NULL::pg_xid AS backend_xmin, NULL::BIGINT AS query_id,
       current_query() AS query, 'client backend' AS backend_type
FROM duckwire_catalog.pg.pg_database d)",
      R"(
CREATE VIEW duckwire_catalog.pg.pg_stat_all_tables AS
SELECT oid AS relid, nspname AS schemaname, relname::pg_name AS relname, 0::BIGINT AS seq_scan,
       0::BIGINT AS seq_tup_read, 0::BIGINT AS idx_scan, 0::BIGINT AS idx_tup_fetch, 0::BIGINT AS n_tup_ins,
       0::BIGINT AS n_tup_upd, 0::BIGINT AS n_tup_del, 0::BIGINT AS n_tup_hot_upd,
       reltuples::BIGINT AS n_live_tup, 0::BIGINT AS n_dead_tup, 0::BIGINT AS n_mod_since_analyze,
       0::BIGINT AS n_ins_since_vacuum, NULL::TIMESTAMPTZ AS last_vacuum, NULL::TIMESTAMPTZ AS last_autovacuum,
       NULL::TIMESTAMPTZ AS last_analyze, NULL::TIMESTAMPTZ AS last_autoanalyze, 0::BIGINT AS vacuum_count,
       0::BIGINT AS autovacuum_count, 0::BIGINT AS analyze_count, 0::BIGINT AS autoanalyze_count
FROM duckwire_catalog.pg.duckwire_relations WHERE relkind = 'r')",
      R"(
CREATE VIEW duckwire_catalog.pg.pg_stat_user_tables AS
SELECT * FROM duckwire_catalog.pg.pg_stat_all_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema'))",
      R"(
CREATE VIEW duckwire_catalog.pg.pg_statio_user_tables AS
SELECT relid, schemaname, relname, 0::BIGINT AS heap_blks_read, 0::BIGINT AS heap_blks_hit,
       0::BIGINT AS idx_blks_read, 0::BIGINT AS idx_blks_hit, 0::BIGINT AS toast_blks_read,
       0::BIGINT AS toast_blks_hit, 0::BIGINT AS tidx_blks_read, 0::BIGINT AS tidx_blks_hit
FROM duckwire_catalog.pg.pg_stat_user_tables)",
      R"(
CREATE VIEW duckwire_catalog.pg.pg_stat_user_indexes AS
SELECT table_oid::pg_oid AS relid, index_oid::pg_oid AS indexrelid, nspname AS schemaname,
       table_name::pg_name AS relname, index_name::pg_name AS indexrelname,
       0::BIGINT AS idx_scan, 0::BIGINT AS idx_tup_read, 0::BIGINT AS idx_tup_fetch
FROM duckwire_catalog.pg.duckwire_indexes)",
      R"(
CREATE VIEW duckwire_catalog.pg.pg_stat_database AS
SELECT oid AS datid, datname, 1 AS numbackends, 0::BIGINT AS xact_commit, 0::BIGINT AS xact_rollback,
       0::BIGINT AS blks_read, 0::BIGINT AS blks_hit, 0::BIGINT AS tup_returned, 0::BIGINT AS tup_fetched,
       0::BIGINT AS tup_inserted, 0::BIGINT AS tup_updated, 0::BIGINT AS tup_deleted, 0::BIGINT AS conflicts,
       0::BIGINT AS temp_files, 0::BIGINT AS temp_bytes, 0::BIGINT AS deadlocks,
       NULL::TIMESTAMPTZ AS stats_reset
FROM duckwire_catalog.pg.pg_database)",
      R"(
CREATE VIEW duckwire_catalog.pg.pg_extension AS
SELECT 13500::pg_oid AS oid, 'plpgsql'::pg_name AS extname, 10::pg_oid AS extowner,
       11::pg_oid AS extnamespace, false AS extrelocatable, '1.0' AS extversion,
       NULL::pg_oid[] AS extconfig, NULL::VARCHAR[] AS extcondition
WHERE false)",
  };
  // Relations of objects DuckDB does not have, with PostgreSQL 15's columns.
  const std::pair<const char*, const char*> empty[] = {
      {"pg_trigger",
       "oid oid, tgrelid oid, tgparentid oid, tgname name, tgfoid oid, tgtype int2, tgenabled char, "
       "tgisinternal bool, tgconstrrelid oid, tgconstrindid oid, tgconstraint oid, tgdeferrable bool, "
       "tginitdeferred bool, tgnargs int2, tgattr int2vector, tgargs bytea, tgqual pg_node_tree, "
       "tgoldtable name, tgnewtable name"},
      {"pg_rewrite",
       "oid oid, rulename name, ev_class oid, ev_type char, ev_enabled char, is_instead bool, "
       "ev_qual pg_node_tree, ev_action pg_node_tree"},
      {"pg_depend",
       "classid oid, objid oid, objsubid int4, refclassid oid, refobjid oid, refobjsubid int4, deptype char"},
      {"pg_shdepend",
       "dbid oid, classid oid, objid oid, objsubid int4, refclassid oid, refobjid oid, deptype char"},
      {"pg_operator",
       "oid oid, oprname name, oprnamespace oid, oprowner oid, oprkind char, oprcanmerge bool, "
       "oprcanhash bool, oprleft oid, oprright oid, oprresult oid, oprcom oid, oprnegate oid, "
       "oprcode regproc, oprrest regproc, oprjoin regproc"},
      {"pg_policy",
       "oid oid, polname name, polrelid oid, polcmd char, polpermissive bool, polroles oid[], "
       "polqual pg_node_tree, polwithcheck pg_node_tree"},
      {"pg_statistic_ext",
       "oid oid, stxrelid oid, stxname name, stxnamespace oid, stxowner oid, stxstattarget int4, "
       "stxkeys int2vector, stxkind char[], stxexprs pg_node_tree"},
      {"pg_foreign_table", "ftrelid oid, ftserver oid, ftoptions text[]"},
      {"pg_foreign_server",
       "oid oid, srvname name, srvowner oid, srvfdw oid, srvtype text, srvversion text, srvacl aclitem[], "
       "srvoptions text[]"},
      {"pg_foreign_data_wrapper",
       "oid oid, fdwname name, fdwowner oid, fdwhandler oid, fdwvalidator oid, fdwacl aclitem[], "
       "fdwoptions text[]"},
      {"pg_publication",
       "oid oid, pubname name, pubowner oid, puballtables bool, pubinsert bool, pubupdate bool, "
       "pubdelete bool, pubtruncate bool, pubviaroot bool"},
      {"pg_publication_rel", "oid oid, prpubid oid, prrelid oid, prqual pg_node_tree, prattrs int2vector"},
      {"pg_publication_namespace", "oid oid, pnpubid oid, pnnspid oid"},
      {"pg_subscription",
       "oid oid, subdbid oid, subskiplsn int8, subname name, subowner oid, subenabled bool, subbinary bool, "
       "substream bool, subtwophasestate char, subdisableonerr bool, subconninfo text, subslotname name, "
       "subsynccommit text, subpublications text[]"},
      {"pg_event_trigger",
       "oid oid, evtname name, evtevent name, evtowner oid, evtfoid oid, evtenabled char, evttags text[]"},
      {"pg_cast", "oid oid, castsource oid, casttarget oid, castfunc oid, castcontext char, castmethod char"},
      {"pg_conversion",
       "oid oid, conname name, connamespace oid, conowner oid, conforencoding int4, contoencoding int4, "
       "conproc regproc, condefault bool"},
      {"pg_opclass",
       "oid oid, opcmethod oid, opcname name, opcnamespace oid, opcowner oid, opcfamily oid, "
       "opcintype oid, opcdefault bool, opckeytype oid"},
      {"pg_aggregate", "aggfnoid regproc, aggkind char, aggnumdirectargs int2, aggtransfn regproc"},
      {"pg_locks",
       "locktype text, database oid, relation oid, page int4, tuple int2, virtualxid text, "
       "transactionid xid, classid oid, objid oid, objsubid int2, virtualtransaction text, pid int4, "
       "mode text, granted bool, fastpath bool, waitstart timestamptz"},
      {"pg_prepared_xacts", "transaction xid, gid text, prepared timestamptz, owner name, database name"},
      {"pg_init_privs", "objoid oid, classoid oid, objsubid int4, privtype char, initprivs aclitem[]"},
      {"pg_seclabel", "objoid oid, classoid oid, objsubid int4, provider text, label text"},
      {"pg_default_acl",
       "oid oid, defaclrole oid, defaclnamespace oid, defaclobjtype char, defaclacl aclitem[]"},
      {"pg_stat_replication",
       "pid int4, usesysid oid, usename name, application_name text, state text, sync_state text"},
  };
  for (const auto& [name, columns] : empty) {
    statements.push_back(empty_relation(std::string("duckwire_catalog.pg.") + name, columns));
  }
  return statements;
}

}  // namespace duckwire::pgwire::catalog
