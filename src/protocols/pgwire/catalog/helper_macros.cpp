// Macros the catalog's views use: how DuckDB's stored SQL reads in PostgreSQL's words.

#include "protocols/pgwire/catalog/catalog_sql.hpp"

namespace duckwire::pgwire::catalog {

Statements helper_macro_statements() {
  return {
      // The query of a CREATE VIEW statement, as pg_get_viewdef prints it.
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_view_definition(create_sql) AS
  ' ' || regexp_extract(create_sql, '(?is)^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP(?:ORARY)?\s+)?VIEW\s+.*?\s+AS\s+(.*)$', 1))",
      // A column default as PostgreSQL prints it: true/false, nextval('seq'::regclass).
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_default_text(default_sql) AS
  regexp_replace(regexp_replace(regexp_replace(default_sql,
    '^CAST\(''t'' AS BOOLEAN\)$', 'true'),
    '^CAST\(''f'' AS BOOLEAN\)$', 'false'),
    '^nextval\(''([^'']*)''\)$', 'nextval(''\1''::regclass)'))",
      // A name in SQL text as PostgreSQL reads it: "Quoted" keeps its case, unquoted folds to lower case.
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_identifier(part) AS
  CASE WHEN part LIKE '"%"' THEN replace(part[2:-2], '""', '"') ELSE lower(part) END)",
      // Whether a namespace is on the session's search path (pg_catalog and public always are).
      R"(
CREATE MACRO duckwire_catalog.pg.duckwire_is_visible(namespace_name) AS
  namespace_name IN ('pg_catalog', 'public', 'pg_temp_1')
  OR list_contains(string_split(system.main.current_setting('search_path'), ','), namespace_name))",
  };
}

}  // namespace duckwire::pgwire::catalog
