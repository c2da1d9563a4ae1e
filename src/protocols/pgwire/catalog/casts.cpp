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
  list_transform(regexp_extract_all(trim(text), '("([^"]|"")*"|[^.]+)'), dw_part -> duckwire_catalog.pg.duckwire_identifier(dw_part)))";

}  // namespace

Statements cast_statements() {
  return {
      kSplitName,
      // The items of PostgreSQL's array text ('{a,"b c"}') or of a list, as text.
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_array_items(value) AS
  list_transform(CASE WHEN value::VARCHAR LIKE '{%}'
                      THEN regexp_extract_all((value::VARCHAR)[2:-2], '("([^"\\]|\\.)*"|[^,]+)')
                      ELSE CAST(value AS VARCHAR[]) END,
                 item -> CASE WHEN item LIKE '"%"' THEN item[2:-2] ELSE item END))",
      // Unqualified names resolve as PostgreSQL's search path does: temporary tables, pg_catalog,
      // public, then the session's schemas.
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_relation_named(text) AS
  (SELECT dw_oid FROM duckwire_catalog.pg.duckwire_relation_lookup,
          (SELECT duckwire_catalog.pg.duckwire_name_parts(text) AS dw_parts)
   WHERE dw_relname = dw_parts[-1]
     AND (CASE WHEN len(dw_parts) > 1 THEN dw_nspname = dw_parts[-2]
               ELSE duckwire_catalog.pg.duckwire_is_visible(dw_nspname) END)
   ORDER BY CASE dw_nspname WHEN 'pg_temp_1' THEN 0 WHEN 'pg_catalog' THEN 1 WHEN 'public' THEN 2 ELSE 3 END
   LIMIT 1))",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_regclass(value) AS
  coalesce(TRY_CAST(value::VARCHAR AS UINTEGER),
           duckwire_catalog.pg.duckwire_relation_named(value::VARCHAR))::pg_regclass)",
      R"(
CREATE MACRO duckwire_catalog.pg.to_regclass(value) AS duckwire_catalog.pg.duckwire_cast_regclass(value))",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_regclass_text(value) AS
  (SELECT CASE WHEN duckwire_catalog.pg.duckwire_is_visible(dw_nspname) THEN dw_relname
               ELSE dw_nspname || '.' || dw_relname END
   FROM duckwire_catalog.pg.duckwire_relation_lookup
   WHERE dw_oid = duckwire_catalog.pg.duckwire_cast_regclass(value)))",
      // Types by OID, by name (int4, _int4, pg_catalog.int4) or by SQL name (integer, character varying).
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_regtype(value) AS
  coalesce(TRY_CAST(value::VARCHAR AS UINTEGER),
           (SELECT min(dw_oid) FROM duckwire_catalog.pg.duckwire_type_lookup,
                   (SELECT duckwire_catalog.pg.duckwire_name_parts(value::VARCHAR) AS dw_parts)
            WHERE dw_typname = dw_parts[-1] OR dw_sql_name = lower(trim(value::VARCHAR))
               OR (dw_parts[-1] = 'int' AND dw_oid = 23)))::pg_regtype)",
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
           (SELECT dw_oid FROM duckwire_catalog.pg.duckwire_namespace_lookup
            WHERE dw_nspname = duckwire_catalog.pg.duckwire_identifier(trim(value::VARCHAR))))::pg_regnamespace)",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_regnamespace_text(value) AS
  (SELECT dw_nspname FROM duckwire_catalog.pg.duckwire_namespace_lookup
   WHERE dw_oid = duckwire_catalog.pg.duckwire_cast_regnamespace(value)))",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_regrole(value) AS
  coalesce(TRY_CAST(value::VARCHAR AS UINTEGER),
           (SELECT dw_oid FROM duckwire_catalog.pg.duckwire_role_lookup
            WHERE dw_rolname = duckwire_catalog.pg.duckwire_identifier(trim(value::VARCHAR))))::pg_regrole)",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_regrole_text(value) AS
  (SELECT dw_rolname::VARCHAR FROM duckwire_catalog.pg.duckwire_role_lookup
   WHERE dw_oid = duckwire_catalog.pg.duckwire_cast_regrole(value)))",
      // A reg* value a client sees: its object's name (the number when there is none), typed so that
      // it is still reported as the reg* type (regtype's is with format_type).
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_regclass_shown(value) AS
  coalesce(duckwire_catalog.pg.duckwire_cast_regclass_text(value),
           duckwire_catalog.pg.duckwire_cast_regclass(value)::VARCHAR)::pg_regclass_text)",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_regnamespace_shown(value) AS
  coalesce(duckwire_catalog.pg.duckwire_cast_regnamespace_text(value),
           duckwire_catalog.pg.duckwire_cast_regnamespace(value)::VARCHAR)::pg_regnamespace_text)",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_regrole_shown(value) AS
  coalesce(duckwire_catalog.pg.duckwire_cast_regrole_text(value),
           duckwire_catalog.pg.duckwire_cast_regrole(value)::VARCHAR)::pg_regrole_text)",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_oid(value) AS CAST(value AS UINTEGER)::pg_oid)",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_xid(value) AS CAST(value AS UINTEGER)::pg_xid)",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_name(value) AS value::VARCHAR::pg_name)",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_char(value) AS left(value::VARCHAR, 1)::pg_char)",
      // int2vector and oidvector text is the numbers separated by spaces: '1 2'; they are lists here
      // (int2[] and oid[] on the wire) so that list functions take them.
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_int2vector(value) AS
  list_transform(string_split(trim(value::VARCHAR), ' '), v -> CAST(v AS SMALLINT)))",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_oidvector(value) AS
  list_transform(string_split(trim(value::VARCHAR), ' '), v -> CAST(v AS BIGINT))::pg_oid[])",
      // The reg* types of objects DuckDB does not have: a number stands for itself, a name for none.
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_regoper(value) AS TRY_CAST(value::VARCHAR AS UINTEGER)::pg_oid)",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_regoperator(value) AS TRY_CAST(value::VARCHAR AS UINTEGER)::pg_oid)",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_regcollation(value) AS
  coalesce(TRY_CAST(value::VARCHAR AS UINTEGER),
           (SELECT dw_oid FROM duckwire_catalog.pg.duckwire_collation_lookup
            WHERE dw_collname = duckwire_catalog.pg.duckwire_name_parts(value::VARCHAR)[-1]))::pg_oid)",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_regconfig(value) AS TRY_CAST(value::VARCHAR AS UINTEGER)::pg_oid)",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_regdictionary(value) AS
  TRY_CAST(value::VARCHAR AS UINTEGER)::pg_oid)",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_cid(value) AS CAST(value AS UINTEGER)::pg_oid)",
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_cast_tid(value) AS value::VARCHAR)",
  };
}

// Arrays of them: `'{1,2}'::oid[]` (PostgreSQL's array text) or a list.
Statements cast_array_statements() {
  const char* types[] = {"regclass", "regtype", "regproc", "regprocedure", "regnamespace",
                         "regrole",  "oid",     "xid",     "name",         "char"};
  Statements statements;
  for (const char* type : types) {
    statements.push_back(std::string("CREATE MACRO duckwire_catalog.pg.duckwire_cast_") + type +
                         "_array(value) AS (SELECT list(duckwire_catalog.pg.duckwire_cast_" + type +
                         "(dw_item) ORDER BY dw_position) FROM (SELECT unnest(dw_items) AS dw_item, "
                         "generate_subscripts(dw_items, 1) AS dw_position FROM (SELECT "
                         "duckwire_catalog.pg.duckwire_array_items(value) AS dw_items)))");
  }
  return statements;
}

}  // namespace duckwire::pgwire::catalog
