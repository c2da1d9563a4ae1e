// pg_type (PostgreSQL's built-in types from encode::pg::builtin_types(), and the database's enum
// types), pg_enum, pg_range and pg_collation.

#include <fmt/format.h>

#include <string>

#include "encode/pg_types.hpp"
#include "protocols/pgwire/catalog/catalog_sql.hpp"
#include "protocols/pgwire/catalog/sql_text.hpp"

namespace duckwire::pgwire::catalog {

namespace {

std::string char_literal(char c) {
  return sql_literal(std::string(1, c));
}

// PostgreSQL's input function of a type: array_in for arrays, record_in, <typname>in otherwise.
std::string input_function(const encode::pg::PgTypeInfo& type) {
  if (type.category == 'A' && type.element != 0 && type.length == -1 && type.name.starts_with("_")) {
    return "array_in";
  }
  return std::string(type.name) + "in";
}

std::string builtin_type_rows() {
  std::string rows;
  for (const auto& type : encode::pg::builtin_types()) {
    const std::string input = input_function(type);
    const std::string suffix = input == "array_in" ? "array_" : std::string(type.name);
    rows +=
        fmt::format("{}({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {})", rows.empty() ? "" : ",\n",
                    type.oid, sql_literal(type.name), sql_literal(type.sql_name), type.length,
                    type.by_value ? "true" : "false", char_literal(type.kind), char_literal(type.category),
                    char_literal(type.alignment), type.element, type.array, sql_literal(input),
                    sql_literal(suffix + "out"), sql_literal(suffix + "recv"), sql_literal(suffix + "send"));
  }
  return rows;
}

}  // namespace

Statements type_statements() {
  return {
      "CREATE VIEW duckwire_catalog.pg.duckwire_builtin_types(oid, typname, sql_name, typlen, typbyval, "
      "typtype, "
      "typcategory, typalign, typelem, typarray, typinput, typoutput, typreceive, typsend) AS VALUES\n" +
          builtin_type_rows(),
      R"(
CREATE VIEW duckwire_catalog.pg.pg_type AS
WITH types AS (
  SELECT oid, typname, 11 AS typnamespace, typlen, typbyval, typtype, typcategory,
         typname IN ('bool', 'float8', 'text', 'oid', 'timestamptz', 'interval', 'inet', 'varbit')
           AS typispreferred,
         typelem, typarray, typinput, typoutput, typreceive, typsend, typalign,
         CASE WHEN typname IN ('name', 'char') THEN 950 WHEN typcategory = 'S' THEN 100 ELSE 0 END AS typcollation,
         0 AS typbasetype, -1 AS typtypmod
  FROM duckwire_catalog.pg.duckwire_builtin_types
  UNION ALL
  SELECT t.type_oid, t.type_name, n.oid, 4, true, 'e', 'E', false, 0, 3221225472 + t.type_oid * 256, 'enum_in',
         'enum_out', 'enum_recv', 'enum_send', 'i', 0, 0, -1
  FROM duckdb_types() t
  JOIN duckwire_catalog.pg.duckwire_namespaces n ON n.database_name = t.database_name AND n.schema_name = t.schema_name
  WHERE t.logical_type = 'ENUM' AND NOT t.internal
  UNION ALL
  -- Each enum's array type (PostgreSQL makes one with every type), its OID in slot 0 of the enum's
  -- pg_enum OID range.
  SELECT 3221225472 + t.type_oid * 256, '_' || t.type_name, n.oid, -1, false, 'b', 'A', false, t.type_oid, 0,
         'array_in', 'array_out', 'array_recv', 'array_send', 'i', 0, 0, -1
  FROM duckdb_types() t
  JOIN duckwire_catalog.pg.duckwire_namespaces n ON n.database_name = t.database_name AND n.schema_name = t.schema_name
  WHERE t.logical_type = 'ENUM' AND NOT t.internal
  UNION ALL
  -- The domains of information_schema, with PostgreSQL 15's OIDs.
  SELECT oid, typname, 13000, typlen, typbyval, 'd', typcategory, false, 0, 0, 'domain_in', typoutput,
         'domain_recv', typsend, typalign, typcollation, typbasetype, typtypmod
  FROM (VALUES (13221, 'cardinal_number', 4, true, 'N', 'int4out', 'int4send', 'i', 0, 23, -1),
               (13224, 'character_data', -1, false, 'S', 'varcharout', 'varcharsend', 'i', 950, 1043, -1),
               (13226, 'sql_identifier', 64, false, 'S', 'nameout', 'namesend', 'c', 950, 19, -1),
               (13232, 'time_stamp', 8, true, 'D', 'timestamptz_out', 'timestamptz_send', 'd', 0, 1184, 2),
               (13234, 'yes_or_no', -1, false, 'S', 'varcharout', 'varcharsend', 'i', 950, 1043, 7))
       d(oid, typname, typlen, typbyval, typcategory, typoutput, typsend, typalign, typcollation, typbasetype,
         typtypmod))
SELECT oid::pg_oid AS oid, typname::pg_name AS typname,
       typnamespace::pg_oid AS typnamespace, 10::pg_oid AS typowner, typlen::SMALLINT AS typlen,
       typbyval, typtype::pg_char AS typtype, typcategory::pg_char AS typcategory,
       typispreferred, true AS typisdefined, ','::pg_char AS typdelim, 0::pg_oid AS typrelid,
       (CASE WHEN typinput = 'array_in' THEN 'array_subscript_handler' ELSE '-' END)::pg_regproc
         AS typsubscript,
       typelem::pg_oid AS typelem, typarray::pg_oid AS typarray,
       typinput::pg_regproc AS typinput, typoutput::pg_regproc AS typoutput,
       typreceive::pg_regproc AS typreceive, typsend::pg_regproc AS typsend,
       '-'::pg_regproc AS typmodin, '-'::pg_regproc AS typmodout,
       '-'::pg_regproc AS typanalyze, typalign::pg_char AS typalign,
       (CASE WHEN typlen <> -1 THEN 'p' WHEN typname IN ('numeric', 'inet', 'cidr') THEN 'm' ELSE 'x' END)::pg_char
         AS typstorage, false AS typnotnull,
       typbasetype::pg_oid AS typbasetype, typtypmod::INTEGER AS typtypmod, 0 AS typndims,
       typcollation::pg_oid AS typcollation, NULL::pg_pg_node_tree AS typdefaultbin,
       NULL::VARCHAR AS typdefault, NULL::pg_aclitem[] AS typacl
FROM types)",
      R"(
CREATE VIEW duckwire_catalog.pg.pg_enum AS
SELECT (3221225472 + t.type_oid * 256 + l.i)::pg_oid AS oid, t.type_oid::pg_oid AS enumtypid,
       l.i::FLOAT AS enumsortorder, t.labels[l.i]::pg_name AS enumlabel
FROM duckdb_types() t
JOIN duckwire_catalog.pg.duckwire_namespaces n ON n.database_name = t.database_name AND n.schema_name = t.schema_name,
     generate_series(1, len(t.labels)) l(i)
WHERE t.logical_type = 'ENUM' AND NOT t.internal)",
      R"(
CREATE VIEW duckwire_catalog.pg.pg_range AS
SELECT NULL::pg_oid AS rngtypid, NULL::pg_oid AS rngsubtype,
       NULL::pg_oid AS rngmultitypid, NULL::pg_oid AS rngcollation,
       NULL::pg_oid AS rngsubopc, NULL::pg_regproc AS rngcanonical,
       NULL::pg_regproc AS rngsubdiff
WHERE false)",
      R"(
CREATE VIEW duckwire_catalog.pg.pg_collation AS
SELECT oid::pg_oid AS oid, collname::pg_name AS collname, 11::pg_oid AS collnamespace,
       10::pg_oid AS collowner, collprovider::pg_char AS collprovider,
       true AS collisdeterministic, collencoding, collcollate, collctype, NULL::VARCHAR AS colliculocale,
       NULL::VARCHAR AS collversion
FROM (VALUES (100, 'default', 'd', -1, NULL, NULL), (950, 'C', 'c', -1, 'C', 'C'),
             (951, 'POSIX', 'c', -1, 'POSIX', 'POSIX'))
     c(oid, collname, collprovider, collencoding, collcollate, collctype))",
  };
}

}  // namespace duckwire::pgwire::catalog
