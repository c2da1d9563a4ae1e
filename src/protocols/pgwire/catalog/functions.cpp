// PostgreSQL's functions that clients call, as macros in the emulated pg_catalog. A macro named like
// a DuckDB built-in (version, current_schema, current_setting ...) shadows it for PostgreSQL
// sessions alone: their search path puts the catalog first; inside a macro the built-in is reached
// as system.main.<name>.

#include "protocols/pgwire/catalog/catalog_sql.hpp"
#include "protocols/pgwire/catalog/server_version.hpp"

namespace duckwire::pgwire::catalog {

namespace {

// Describing objects: type names, users, definitions, comments, visibility.
Statements describing_functions() {
  return {
      R"(
CREATE MACRO duckwire_catalog.pg.format_type(type_oid, typmod) AS coalesce(
  (SELECT CASE WHEN dw_oid = 1700 AND typmod >= 4
                 THEN 'numeric(' || ((typmod - 4) >> 16) || ',' || ((typmod - 4) & 65535) || ')'
               WHEN dw_oid IN (1042, 1043) AND typmod >= 4 THEN dw_sql_name || '(' || (typmod - 4) || ')'
               WHEN dw_sql_name IS NOT NULL THEN dw_sql_name
               WHEN dw_nspname IN ('public', 'pg_catalog') THEN dw_typname
               ELSE dw_nspname || '.' || dw_typname END
   FROM duckwire_catalog.pg.duckwire_type_lookup WHERE dw_oid = type_oid),
  CASE WHEN type_oid IS NOT NULL THEN '???' END)::VARCHAR)",
      // The regtype cast's text (its macro is with the other casts, which format_type follows).
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_regtype_text(value) AS
  duckwire_catalog.pg.format_type(duckwire_catalog.pg.duckwire_cast_regtype(value), NULL))",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_regtype_shown(value) AS
  coalesce(duckwire_catalog.pg.duckwire_cast_regtype_text(value),
           duckwire_catalog.pg.duckwire_cast_regtype(value)::VARCHAR)::pg_regtype_text)",
      R"(
CREATE MACRO duckwire_catalog.pg.pg_get_userbyid(role_oid) AS coalesce(
  (SELECT dw_rolname FROM duckwire_catalog.pg.duckwire_role_lookup WHERE dw_oid = role_oid),
  ('unknown (OID=' || role_oid || ')')::pg_name))",
      R"(
CREATE MACRO duckwire_catalog.pg.pg_table_is_visible(relation_oid) AS coalesce(
  (SELECT duckwire_catalog.pg.duckwire_is_visible(dw_nspname) FROM duckwire_catalog.pg.duckwire_relation_lookup
   WHERE dw_oid = relation_oid), false))",
      R"(
CREATE MACRO duckwire_catalog.pg.pg_type_is_visible(type_oid) AS coalesce(
  (SELECT duckwire_catalog.pg.duckwire_is_visible(dw_nspname) FROM duckwire_catalog.pg.duckwire_type_lookup
   WHERE dw_oid = type_oid), false))",
      R"(
CREATE MACRO duckwire_catalog.pg.pg_function_is_visible(function_oid) AS coalesce(
  (SELECT duckwire_catalog.pg.duckwire_is_visible(dw_nspname) FROM duckwire_catalog.pg.duckwire_function_lookup
   WHERE dw_oid = function_oid), false))",
      // pg_node_tree columns hold the expression's text already.
      R"(
CREATE MACRO duckwire_catalog.pg.pg_get_expr(expression, relation_oid) AS expression::VARCHAR,
                                            (expression, relation_oid, pretty) AS expression::VARCHAR)",
      R"(
CREATE MACRO duckwire_catalog.pg.pg_get_indexdef(wanted_index) AS
  (SELECT dw_indexdef FROM duckwire_catalog.pg.duckwire_index_lookup WHERE dw_index_oid = wanted_index),
  (wanted_index, column_number, pretty) AS
  (SELECT CASE WHEN column_number = 0 THEN dw_indexdef ELSE dw_keys[column_number] END
   FROM duckwire_catalog.pg.duckwire_index_lookup WHERE dw_index_oid = wanted_index))",
      R"(
CREATE MACRO duckwire_catalog.pg.pg_get_constraintdef(constraint_oid) AS
  (SELECT dw_definition FROM duckwire_catalog.pg.duckwire_constraint_lookup WHERE dw_conoid = constraint_oid),
  (constraint_oid, pretty) AS
  (SELECT dw_definition FROM duckwire_catalog.pg.duckwire_constraint_lookup WHERE dw_conoid = constraint_oid))",
      R"(
CREATE MACRO duckwire_catalog.pg.pg_get_viewdef(view) AS
  (SELECT duckwire_catalog.pg.duckwire_view_definition(dw_sql) FROM duckwire_catalog.pg.duckwire_relation_lookup
   WHERE dw_relkind = 'v' AND (dw_oid::VARCHAR = view::VARCHAR OR dw_relname = view::VARCHAR)),
  (view, pretty) AS
  (SELECT duckwire_catalog.pg.duckwire_view_definition(dw_sql) FROM duckwire_catalog.pg.duckwire_relation_lookup
   WHERE dw_relkind = 'v' AND dw_oid = view))",
      R"(
CREATE MACRO duckwire_catalog.pg.obj_description(object_oid, catalog_name) AS
  (SELECT first(dw_description) FROM duckwire_catalog.pg.duckwire_description_lookup
   WHERE dw_objoid = object_oid AND dw_objsubid = 0
     AND dw_classoid = CASE catalog_name WHEN 'pg_class' THEN 1259 WHEN 'pg_namespace' THEN 2615
                                         WHEN 'pg_proc' THEN 1255 ELSE 0 END),
  (object_oid) AS
  (SELECT first(dw_description) FROM duckwire_catalog.pg.duckwire_description_lookup
   WHERE dw_objoid = object_oid AND dw_objsubid = 0))",
      R"(
CREATE MACRO duckwire_catalog.pg.col_description(described_table, column_number) AS
  (SELECT first(dw_description) FROM duckwire_catalog.pg.duckwire_description_lookup
   WHERE dw_objoid = described_table AND dw_classoid = 1259 AND dw_objsubid = column_number))",
      R"(
CREATE MACRO duckwire_catalog.pg.shobj_description(object_oid, catalog_name) AS NULL::VARCHAR)",
      // DuckDB has no partitioned tables and no publications.
      // A set-returning function: in a SELECT list (psql: IN (SELECT pg_partition_ancestors(...))) and in
      // FROM; a relation is its own only ancestor. DuckDB ignores WITH ORDINALITY on a table macro, so
      // the macro answers the ordinality column itself (psql: WITH ORDINALITY AS a(relid, depth)).
      R"(
CREATE MACRO duckwire_catalog.pg.pg_partition_ancestors(relation) AS
  unnest([duckwire_catalog.pg.duckwire_cast_regclass(relation)]))",
      R"(
CREATE MACRO duckwire_catalog.pg.pg_partition_ancestors(relation) AS TABLE
  SELECT duckwire_catalog.pg.duckwire_cast_regclass(relation) AS relid, 1::BIGINT AS ordinality)",
      R"(
CREATE MACRO duckwire_catalog.pg.pg_relation_is_publishable(relation) AS false)",
      R"(
CREATE MACRO duckwire_catalog.pg.pg_get_partkeydef(partitioned_table) AS NULL::VARCHAR)",
      R"(
CREATE MACRO duckwire_catalog.pg.pg_get_triggerdef(trigger_oid) AS NULL::VARCHAR,
                                                  (trigger_oid, pretty) AS NULL::VARCHAR)",
      R"(
CREATE MACRO duckwire_catalog.pg.pg_get_ruledef(rule_oid) AS NULL::VARCHAR, (rule_oid, pretty) AS NULL::VARCHAR)",
      R"(
CREATE MACRO duckwire_catalog.pg.pg_get_statisticsobjdef_columns(statistics_oid) AS NULL::VARCHAR)",
      R"(
CREATE MACRO duckwire_catalog.pg.pg_get_function_arguments(function_oid) AS
  (SELECT array_to_string(dw_argument_names, ', ') FROM duckwire_catalog.pg.duckwire_function_lookup
   WHERE dw_oid = function_oid))",
      R"(
CREATE MACRO duckwire_catalog.pg.pg_get_function_identity_arguments(function_oid) AS
  (SELECT array_to_string(dw_argument_names, ', ') FROM duckwire_catalog.pg.duckwire_function_lookup
   WHERE dw_oid = function_oid))",
      R"(
CREATE MACRO duckwire_catalog.pg.pg_get_function_result(function_oid) AS
  (SELECT CASE WHEN dw_prokind = 't' THEN 'SETOF record' ELSE 'anyelement' END
   FROM duckwire_catalog.pg.duckwire_function_lookup WHERE dw_oid = function_oid))",
      R"(
CREATE MACRO duckwire_catalog.pg.pg_get_serial_sequence(table_text, column_text) AS
  (SELECT CASE WHEN dw_nspname = 'public' THEN '' ELSE dw_nspname || '.' END
            || regexp_extract(dw_default, '^nextval\(''([^'']*)''', 1)
   FROM duckwire_catalog.pg.duckwire_column_lookup
   WHERE dw_column_name = column_text AND dw_default LIKE 'nextval(%'
     AND dw_table_oid = duckwire_catalog.pg.duckwire_cast_regclass(table_text)))",
      R"(
CREATE MACRO duckwire_catalog.pg.pg_encoding_to_char(encoding) AS
  CASE encoding WHEN 6 THEN 'UTF8' WHEN 0 THEN 'SQL_ASCII' WHEN 8 THEN 'LATIN1' ELSE '' END::pg_name)",
      R"(
CREATE MACRO duckwire_catalog.pg.pg_char_to_encoding(encoding) AS
  CASE upper(encoding) WHEN 'UTF8' THEN 6 WHEN 'SQL_ASCII' THEN 0 WHEN 'LATIN1' THEN 8 ELSE -1 END)",
      R"(
CREATE MACRO duckwire_catalog.pg.pg_get_keywords() AS TABLE
SELECT keyword_name AS word,
       CASE keyword_category WHEN 'reserved' THEN 'R' WHEN 'unreserved' THEN 'U' WHEN 'type_function' THEN 'T'
                             ELSE 'C' END::pg_char AS catcode,
       keyword_category <> 'reserved' AS barelabel,
       CASE keyword_category WHEN 'reserved' THEN 'reserved' WHEN 'unreserved' THEN 'unreserved'
                             WHEN 'type_function' THEN 'reserved (can be function or type name)'
                             ELSE 'unreserved (cannot be function or type name)' END AS catdesc,
       CASE WHEN keyword_category <> 'reserved' THEN 'can be bare label' ELSE 'requires AS' END AS baredesc
FROM duckdb_keywords())",
      R"(
CREATE MACRO duckwire_catalog.pg.quote_ident(identifier) AS
  CASE WHEN regexp_full_match(identifier, '[a-z_][a-z0-9_$]*')
             AND NOT EXISTS (SELECT 1 FROM duckwire_catalog.pg.duckwire_keyword_lookup
                             WHERE dw_keyword = identifier AND dw_category <> 'unreserved')
       THEN identifier ELSE '"' || replace(identifier, '"', '""') || '"' END)",
      R"(
CREATE MACRO duckwire_catalog.pg.quote_literal(value) AS
  CASE WHEN value IS NOT NULL THEN '''' || replace(value::VARCHAR, '''', '''''') || '''' END)",
      R"(
CREATE MACRO duckwire_catalog.pg.quote_nullable(value) AS
  coalesce('''' || replace(value::VARCHAR, '''', '''''') || '''', 'NULL'))",
  };
}

constexpr const char* kSettingValue = R"(coalesce(
  CAST(getvariable('duckwire_settings') AS MAP(VARCHAR, VARCHAR))[lower(setting_name)],
  (SELECT dw_setting FROM duckwire_catalog.pg.duckwire_setting_lookup WHERE dw_name = lower(setting_name)
   ORDER BY dw_rank LIMIT 1)))";

// The session and the server: settings, users, privileges, sizes.
Statements session_functions(const std::string& server_version) {
  return {
      "CREATE MACRO duckwire_catalog.pg.version() AS " + version_expression(server_version),
      R"(
CREATE MACRO duckwire_catalog.pg.current_database() AS system.main.current_database()::pg_name)",
      R"(
CREATE MACRO duckwire_catalog.pg.current_schema() AS
  CASE system.main.current_schema() WHEN 'main' THEN 'public' ELSE system.main.current_schema() END
    ::pg_name)",
      R"(
CREATE MACRO duckwire_catalog.pg.current_schemas(include_implicit) AS
  CASE WHEN include_implicit THEN ['pg_catalog', 'public'] ELSE ['public'] END::pg_name[])",
      R"(
CREATE MACRO duckwire_catalog.pg."current_user"() AS
  coalesce(getvariable('duckwire_user'), 'duckwire')::pg_name)",
      R"(
CREATE MACRO duckwire_catalog.pg."session_user"() AS
  coalesce(getvariable('duckwire_user'), 'duckwire')::pg_name)",
      R"(
CREATE MACRO duckwire_catalog.pg."user"() AS
  coalesce(getvariable('duckwire_user'), 'duckwire')::pg_name)",
      R"(
CREATE MACRO duckwire_catalog.pg.current_role() AS
  coalesce(getvariable('duckwire_user'), 'duckwire')::pg_name)",
      // A setting the PostgreSQL front door keeps for the session (the variable duckwire_settings: a
      // map from lower-case setting names to their text), else one of PostgreSQL's fixed settings,
      // else DuckDB's.
      "CREATE MACRO duckwire_catalog.pg.current_setting(setting_name) AS " + std::string(kSettingValue) +
          ", (setting_name, missing_ok) AS " + kSettingValue,
      // set_config answers the value it is given without changing any setting: a statement cannot
      // change a setting from inside a query, and SET (handled by the front door) is the way to.
      R"(
CREATE MACRO duckwire_catalog.pg.set_config(setting_name, new_value, is_local) AS new_value::VARCHAR)",
      R"(
CREATE MACRO duckwire_catalog.pg.pg_backend_pid() AS coalesce(getvariable('duckwire_backend_pid'), 0)::INTEGER)",
      R"(
CREATE MACRO duckwire_catalog.pg.pg_postmaster_start_time() AS
  (SELECT started_at FROM duckwire_catalog.pg.duckwire_server))",
      R"(
CREATE MACRO duckwire_catalog.pg.pg_conf_load_time() AS
  (SELECT started_at FROM duckwire_catalog.pg.duckwire_server))",
      "CREATE MACRO duckwire_catalog.pg.pg_is_in_recovery() AS false",
      "CREATE MACRO duckwire_catalog.pg.pg_tablespace_location(tablespace_oid) AS ''",
      "CREATE MACRO duckwire_catalog.pg.inet_client_addr() AS NULL::pg_inet",
      "CREATE MACRO duckwire_catalog.pg.inet_server_addr() AS NULL::pg_inet",
      // asyncpg resets a pooled connection with it; duckwire takes no advisory locks.
      "CREATE MACRO duckwire_catalog.pg.pg_advisory_unlock_all() AS ''::pg_void",
      // Privileges: every client may use every object the server shows it (access is the server's
      // to refuse: --read-only, file access).
      R"(
CREATE MACRO duckwire_catalog.pg.has_table_privilege(a, b) AS true, (a, b, c) AS true)",
      R"(
CREATE MACRO duckwire_catalog.pg.has_schema_privilege(a, b) AS true, (a, b, c) AS true)",
      R"(
CREATE MACRO duckwire_catalog.pg.has_database_privilege(a, b) AS true, (a, b, c) AS true)",
      R"(
CREATE MACRO duckwire_catalog.pg.has_sequence_privilege(a, b) AS true, (a, b, c) AS true)",
      R"(
CREATE MACRO duckwire_catalog.pg.has_function_privilege(a, b) AS true, (a, b, c) AS true)",
      R"(
CREATE MACRO duckwire_catalog.pg.has_type_privilege(a, b) AS true, (a, b, c) AS true)",
      R"(
CREATE MACRO duckwire_catalog.pg.has_any_column_privilege(a, b) AS true, (a, b, c) AS true)",
      R"(
CREATE MACRO duckwire_catalog.pg.has_column_privilege(a, b, c) AS true, (a, b, c, d) AS true)",
      R"(
CREATE MACRO duckwire_catalog.pg.pg_has_role(a, b) AS true, (a, b, c) AS true)",
      // Sizes: DuckDB keeps no per-relation size; a table's estimated rows stand in for its pages.
      R"(
CREATE MACRO duckwire_catalog.pg.pg_relation_size(relation) AS
  coalesce((SELECT CAST(dw_reltuples AS BIGINT) * 8 FROM duckwire_catalog.pg.duckwire_relation_lookup
            WHERE dw_oid = duckwire_catalog.pg.duckwire_cast_regclass(relation)), 0)::BIGINT)",
      R"(
CREATE MACRO duckwire_catalog.pg.pg_table_size(relation) AS duckwire_catalog.pg.pg_relation_size(relation))",
      R"(
CREATE MACRO duckwire_catalog.pg.pg_total_relation_size(relation) AS
  duckwire_catalog.pg.pg_relation_size(relation))",
      "CREATE MACRO duckwire_catalog.pg.pg_indexes_size(relation) AS 0::BIGINT",
      R"(
CREATE MACRO duckwire_catalog.pg.pg_database_size(database) AS
  (SELECT sum(total_blocks * block_size)::BIGINT FROM pragma_database_size()
   WHERE database_name = system.main.current_database()))",
      R"(
CREATE MACRO duckwire_catalog.pg.pg_size_pretty(size) AS
  CASE WHEN abs(size) < 10240 THEN size || ' bytes'
       WHEN abs(size) < 10240 * 1024 THEN round(size / 1024)::BIGINT || ' kB'
       WHEN abs(size) < 10240 * 1024 * 1024 THEN round(size / (1024 * 1024))::BIGINT || ' MB'
       WHEN abs(size) < 10240 * 1024 * 1024 * 1024 THEN round(size / (1024 * 1024 * 1024))::BIGINT || ' GB'
       ELSE round(size / (1024 * 1024 * 1024 * 1024))::BIGINT || ' TB' END)",
  };
}

// json_build_object / json_build_array with up to 16 arguments, as DuckDB's json_object / json_array.
Statements json_builders() {
  std::string objects = "CREATE MACRO duckwire_catalog.pg.json_build_object() AS json_object()";
  std::string arrays = "CREATE MACRO duckwire_catalog.pg.json_build_array() AS json_array()";
  std::string parameters;
  std::string object_arguments;  // keys are text in PostgreSQL; json_object wants VARCHAR keys
  for (int count = 1; count <= 16; ++count) {
    const std::string parameter = "a" + std::to_string(count);
    const std::string separator = count == 1 ? "" : ", ";
    parameters += separator + parameter;
    object_arguments += separator + parameter + (count % 2 == 1 ? "::VARCHAR" : "");
    if (count % 2 == 0) objects += ", (" + parameters + ") AS json_object(" + object_arguments + ")";
    arrays += ", (" + parameters + ") AS json_array(" + parameters + ")";
  }
  return {objects, arrays};
}

// Arrays: PostgreSQL's spellings over DuckDB lists (lists start at 1, as PostgreSQL's arrays do).
Statements array_functions() {
  return {
      R"(
CREATE MACRO duckwire_catalog.pg.array_to_string(list, separator) AS system.main.array_to_string(list, separator),
  (list, separator, null_text) AS
  system.main.array_to_string(list_transform(list, e -> coalesce(e::VARCHAR, null_text)), separator))",
      R"(
CREATE MACRO duckwire_catalog.pg.array_upper(list, dimension) AS
  CASE WHEN dimension = 1 AND len(list) > 0 THEN len(list) END::INTEGER)",
      R"(
CREATE MACRO duckwire_catalog.pg.array_lower(list, dimension) AS
  CASE WHEN dimension = 1 AND len(list) > 0 THEN 1 END::INTEGER)",
      R"(
CREATE MACRO duckwire_catalog.information._pg_expandarray(list) AS
  unnest(list_transform(range(len(list)), i -> {'x': list[i + 1], 'n': (i + 1)::INTEGER})))",
  };
}

}  // namespace

Statements function_statements(const std::string& server_version) {
  Statements statements = session_functions(server_version);
  for (std::string& statement : json_builders()) statements.push_back(std::move(statement));
  for (auto* group : {&describing_functions, &array_functions}) {
    for (std::string& statement : group()) statements.push_back(std::move(statement));
  }
  return statements;
}

}  // namespace duckwire::pgwire::catalog
