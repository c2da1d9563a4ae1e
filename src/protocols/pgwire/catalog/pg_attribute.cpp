// pg_attribute and pg_attrdef: the columns of tables and views, with PostgreSQL type OIDs.

#include "protocols/pgwire/catalog/catalog_sql.hpp"

namespace duckwire::pgwire::catalog {

Statements attribute_statements() {
  return {
      R"(
CREATE VIEW duckwire_catalog.pg.pg_attribute AS
SELECT c.table_oid::pg_oid AS attrelid, c.column_name::pg_name AS attname, c.atttypid,
       -1 AS attstattarget, coalesce(t.typlen, -1)::SMALLINT AS attlen, c.attnum::SMALLINT AS attnum,
       c.attndims, -1 AS attcacheoff, c.atttypmod, coalesce(t.typbyval, false) AS attbyval,
       coalesce(t.typalign, 'i')::pg_char AS attalign,
       coalesce(t.typstorage, 'x')::pg_char AS attstorage,
       ''::pg_char AS attcompression, NOT c.is_nullable AS attnotnull,
       c.column_default IS NOT NULL AS atthasdef, false AS atthasmissing, ''::pg_char AS attidentity,
       ''::pg_char AS attgenerated, false AS attisdropped, true AS attislocal, 0 AS attinhcount,
       (CASE WHEN t.typcategory = 'S' THEN 100 ELSE 0 END)::pg_oid AS attcollation,
       NULL::pg_aclitem[] AS attacl, NULL::VARCHAR[] AS attoptions, NULL::VARCHAR[] AS attfdwoptions,
       NULL::pg_anyarray AS attmissingval
FROM duckwire_catalog.pg.duckwire_columns c
JOIN duckwire_catalog.pg.duckwire_relations r ON r.oid = c.table_oid
LEFT JOIN duckwire_catalog.pg.pg_type t ON t.oid = c.atttypid)",
      R"(
CREATE VIEW duckwire_catalog.pg.pg_attrdef AS
SELECT (1073741824 + c.table_oid * 1024 + c.attnum)::pg_oid AS oid,
       c.table_oid::pg_oid AS adrelid, c.attnum::SMALLINT AS adnum,
       duckwire_catalog.pg.duckwire_default_text(c.column_default)::pg_pg_node_tree AS adbin
FROM duckwire_catalog.pg.duckwire_columns c
JOIN duckwire_catalog.pg.duckwire_relations r ON r.oid = c.table_oid
WHERE c.column_default IS NOT NULL)",
  };
}

}  // namespace duckwire::pgwire::catalog
