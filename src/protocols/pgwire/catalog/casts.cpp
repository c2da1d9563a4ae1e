// The duckwire_cast_<type> macros: what the SQL rewriter makes of PostgreSQL-only casts
// (`'orders'::regclass`, `c.oid::regclass::text`, `'int4'::regtype` ...), see
// docs of pg_dialect's rewrite. A reg* value is its object's OID (a name or a number cast to it);
// the *_text forms give the object's name, as PostgreSQL prints the reg* types.

#include "protocols/pgwire/catalog/catalog_sql.hpp"

namespace duckwire::pgwire::catalog {

namespace {

// A possibly schema-qualified, possibly quoted name's parts, as PostgreSQL reads them.
constexpr const char* kSplitName = R"(
CREATE MACRO duckwire_catalog.pg.duckwire_name_parts(text) AS
  list_transform(regexp_extract_all(trim(text), '("([^"]|"")*"|[^.]+)'), p -> duckwire_catalog.pg.duckwire_identifier(p)))";

}  // namespace

Statements cast_statements() {
  return {
      kSplitName,
      // Unqualified names resolve as PostgreSQL's search path does: temporary tables, pg_catalog,
      // public, then the session's schemas.
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_relation_named(text) AS
  (SELECT oid FROM duckwire_catalog.pg.duckwire_relations r,
          (SELECT duckwire_catalog.pg.duckwire_name_parts(text) AS parts) p
   WHERE r.relname = p.parts[-1]
     AND (CASE WHEN len(p.parts) > 1 THEN r.nspname = p.parts[-2] ELSE duckwire_catalog.pg.duckwire_is_visible(r.nspname) END)
   ORDER BY CASE r.nspname WHEN 'pg_temp_1' THEN 0 WHEN 'pg_catalog' THEN 1 WHEN 'public' THEN 2 ELSE 3 END
   LIMIT 1))",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_regclass(value) AS
  coalesce(TRY_CAST(value::VARCHAR AS UINTEGER),
           duckwire_catalog.pg.duckwire_relation_named(value::VARCHAR))::pg_regclass)",
      R"(
CREATE MACRO duckwire_catalog.pg.to_regclass(value) AS duckwire_catalog.pg.duckwire_cast_regclass(value))",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_regclass_text(value) AS
  (SELECT CASE WHEN duckwire_catalog.pg.duckwire_is_visible(nspname) THEN relname ELSE nspname || '.' || relname END
   FROM duckwire_catalog.pg.duckwire_relations
   WHERE oid = duckwire_catalog.pg.duckwire_cast_regclass(value)))",
      // Types by OID, by name (int4, _int4, pg_catalog.int4) or by SQL name (integer, character varying).
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_regtype(value) AS
  coalesce(TRY_CAST(value::VARCHAR AS UINTEGER),
           (SELECT min(t.oid) FROM duckwire_catalog.pg.pg_type t
            LEFT JOIN duckwire_catalog.pg.duckwire_builtin_types b ON b.oid = t.oid,
            (SELECT duckwire_catalog.pg.duckwire_name_parts(value::VARCHAR) AS parts) p
            WHERE t.typname = p.parts[-1] OR b.sql_name = lower(trim(value::VARCHAR))
               OR (p.parts[-1] = 'int' AND t.oid = 23)))::pg_regtype)",
      R"(
CREATE MACRO duckwire_catalog.pg.to_regtype(value) AS duckwire_catalog.pg.duckwire_cast_regtype(value))",
      // Functions are named by their name (regproc is text in the catalog: typinput = 'array_in').
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_regproc(value) AS
  duckwire_catalog.pg.duckwire_name_parts(value::VARCHAR)[-1]::pg_regproc)",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_regproc_text(value) AS value::VARCHAR)",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_regprocedure(value) AS
  duckwire_catalog.pg.duckwire_cast_regproc(regexp_replace(value::VARCHAR, '\(.*$', '')))",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_regnamespace(value) AS
  coalesce(TRY_CAST(value::VARCHAR AS UINTEGER),
           (SELECT oid FROM duckwire_catalog.pg.duckwire_namespaces
            WHERE nspname = duckwire_catalog.pg.duckwire_identifier(trim(value::VARCHAR))))::pg_regnamespace)",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_regnamespace_text(value) AS
  (SELECT nspname::VARCHAR FROM duckwire_catalog.pg.duckwire_namespaces
   WHERE oid = duckwire_catalog.pg.duckwire_cast_regnamespace(value)))",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_regrole(value) AS
  coalesce(TRY_CAST(value::VARCHAR AS UINTEGER),
           (SELECT oid FROM duckwire_catalog.pg.duckwire_roles
            WHERE rolname = duckwire_catalog.pg.duckwire_identifier(trim(value::VARCHAR))))::pg_regrole)",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_regrole_text(value) AS
  (SELECT rolname::VARCHAR FROM duckwire_catalog.pg.duckwire_roles
   WHERE oid = duckwire_catalog.pg.duckwire_cast_regrole(value)))",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_oid(value) AS CAST(value AS UINTEGER)::pg_oid)",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_xid(value) AS CAST(value AS UINTEGER)::pg_xid)",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_name(value) AS value::VARCHAR::pg_name)",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_char(value) AS left(value::VARCHAR, 1)::pg_char)",
      // int2vector and oidvector text is the numbers separated by spaces: '1 2'.
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_int2vector(value) AS
  list_transform(string_split(trim(value::VARCHAR), ' '), v -> CAST(v AS INTEGER))::pg_int2vector)",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_oidvector(value) AS
  list_transform(string_split(trim(value::VARCHAR), ' '), v -> CAST(v AS BIGINT))::pg_oidvector)",
  };
}

}  // namespace duckwire::pgwire::catalog
