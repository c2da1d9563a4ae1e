// The internal views every catalog relation reads: DuckDB's live catalog with PostgreSQL's
// namespaces, relation kinds, constraint numbering and type OIDs.

#include <fmt/format.h>

#include <string>
#include <string_view>

#include "encode/pg_types.hpp"
#include "protocols/pgwire/catalog/catalog_sql.hpp"

namespace duckwire::pgwire::catalog {

namespace {

// DuckDB's spelling of each type (duckdb_columns().data_type without parameters), and what it is.
struct DuckTypeName {
  std::string_view name;
  TypeId id;
  std::string_view alias;
};

constexpr DuckTypeName kDuckTypeNames[] = {
    {"BOOLEAN", TypeId::kBoolean, ""},
    {"TINYINT", TypeId::kTinyInt, ""},
    {"SMALLINT", TypeId::kSmallInt, ""},
    {"INTEGER", TypeId::kInteger, ""},
    {"BIGINT", TypeId::kBigInt, ""},
    {"HUGEINT", TypeId::kHugeInt, ""},
    {"UTINYINT", TypeId::kUTinyInt, ""},
    {"USMALLINT", TypeId::kUSmallInt, ""},
    {"UINTEGER", TypeId::kUInteger, ""},
    {"UBIGINT", TypeId::kUBigInt, ""},
    {"UHUGEINT", TypeId::kUHugeInt, ""},
    {"FLOAT", TypeId::kFloat, ""},
    {"DOUBLE", TypeId::kDouble, ""},
    {"DECIMAL", TypeId::kDecimal, ""},
    {"VARCHAR", TypeId::kVarchar, ""},
    {"JSON", TypeId::kVarchar, "JSON"},
    {"BLOB", TypeId::kBlob, ""},
    {"BIT", TypeId::kBit, ""},
    {"BIGNUM", TypeId::kBigNum, ""},
    {"DATE", TypeId::kDate, ""},
    {"TIME", TypeId::kTime, ""},
    {"TIME_NS", TypeId::kTimeNs, ""},
    {"TIME WITH TIME ZONE", TypeId::kTimeTz, ""},
    {"TIMESTAMP_S", TypeId::kTimestampSec, ""},
    {"TIMESTAMP_MS", TypeId::kTimestampMs, ""},
    {"TIMESTAMP", TypeId::kTimestamp, ""},
    {"TIMESTAMP_NS", TypeId::kTimestampNs, ""},
    {"TIMESTAMP WITH TIME ZONE", TypeId::kTimestampTz, ""},
    {"INTERVAL", TypeId::kInterval, ""},
    {"UUID", TypeId::kUuid, ""},
    {"ENUM", TypeId::kEnum, ""},
    {"STRUCT", TypeId::kStruct, ""},
    {"MAP", TypeId::kMap, ""},
    {"UNION", TypeId::kUnion, ""},
};

// (DuckDB type name, PostgreSQL type OID, OID of its array type) as encode::pg::pg_type_of maps them.
std::string type_name_rows() {
  std::string rows;
  for (const auto& duck : kDuckTypeNames) {
    ColumnType type;
    type.id = duck.id;
    type.alias = std::string(duck.alias);
    const uint32_t oid = encode::pg::pg_type_of(type).oid;
    const encode::pg::PgTypeInfo* info = encode::pg::find_type(oid);
    const uint32_t array = info != nullptr && info->array != 0 ? info->array : encode::pg::oid::kJson;
    rows += fmt::format("{}('{}', {}, {})", rows.empty() ? "" : ", ", duck.name, oid, array);
  }
  return rows;
}

}  // namespace

Statements base_view_statements() {
  Statements statements;
  statements.push_back(
      "CREATE VIEW duckwire_catalog.pg.duckwire_type_names(name, oid, array_oid) AS VALUES " +
      type_name_rows());
  // The namespaces a PostgreSQL client sees: the current database's schemas (main is public, 2200),
  // the temporary schema, and the emulated pg_catalog (11) and information_schema.
  statements.push_back(R"(
CREATE VIEW duckwire_catalog.pg.duckwire_namespaces AS
SELECT (CASE WHEN database_name = 'duckwire_catalog' THEN (CASE schema_name WHEN 'pg' THEN 11 ELSE 13000 END)
             WHEN database_name <> 'temp' AND schema_name = 'main' THEN 2200
             ELSE oid END)::pg_oid AS oid,
       (CASE WHEN database_name = 'duckwire_catalog'
               THEN (CASE schema_name WHEN 'pg' THEN 'pg_catalog' ELSE 'information_schema' END)
             WHEN database_name = 'temp' THEN 'pg_temp_1'
             WHEN schema_name = 'main' THEN 'public'
             ELSE schema_name END)::pg_name AS nspname,
       database_name, schema_name, comment
FROM duckdb_schemas()
WHERE database_name = current_database()
   OR (database_name = 'duckwire_catalog' AND schema_name IN ('pg', 'information'))
   OR (database_name = 'temp' AND schema_name = 'main'))");
  // Table constraints PostgreSQL keeps in pg_constraint (NOT NULL is a column property in 15),
  // numbered within their table. A constraint's OID and the OID of the index behind a primary key
  // or unique constraint derive from the table's OID and that number (DuckDB gives them none). Names
  // are those PostgreSQL chooses (orders_pkey, orders_customer_id_fkey, t_a_b_key, t_qty_check, a
  // number appended on a clash): DuckDB keeps neither a given name nor PostgreSQL's.
  statements.push_back(R"(
CREATE VIEW duckwire_catalog.pg.duckwire_constraints AS
WITH numbered AS (
  SELECT *, row_number() OVER (PARTITION BY table_oid ORDER BY constraint_index) AS position
  FROM duckdb_constraints()
  WHERE constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY', 'CHECK')),
column_lists AS (
  SELECT table_oid, list(column_name ORDER BY column_index) AS names FROM duckdb_columns() GROUP BY table_oid),
keyed AS (
  SELECT n.*,
         CASE n.constraint_type WHEN 'PRIMARY KEY' THEN 'p' WHEN 'UNIQUE' THEN 'u' WHEN 'FOREIGN KEY' THEN 'f'
                                ELSE 'c' END AS contype,
         2147483648 + n.table_oid * 128 + n.position AS conoid,
         CASE WHEN n.constraint_type IN ('PRIMARY KEY', 'UNIQUE')
              THEN 2147483648 + n.table_oid * 128 + 64 + n.position END AS index_oid,
         list_transform(n.constraint_column_indexes, i -> (i + 1)::SMALLINT) AS conkey,
         r.table_oid AS confrelid,
         CASE WHEN r.table_oid IS NOT NULL
              THEN list_transform(n.referenced_column_names, c -> list_position(rc.names, c)::SMALLINT) END AS confkey,
         n.table_name || '_' || CASE n.constraint_type
           WHEN 'PRIMARY KEY' THEN 'pkey'
           ELSE (CASE WHEN n.constraint_type <> 'CHECK' OR len(list_distinct(n.constraint_column_names)) = 1
                      THEN array_to_string(n.constraint_column_names, '_') || '_' ELSE '' END)
                || CASE n.constraint_type WHEN 'UNIQUE' THEN 'key' WHEN 'FOREIGN KEY' THEN 'fkey' ELSE 'check' END
         END AS default_name
  FROM numbered n
  LEFT JOIN duckdb_tables() r
    ON n.constraint_type = 'FOREIGN KEY' AND r.database_name = n.database_name
   AND r.schema_name = n.schema_name AND r.table_name = n.referenced_table
  LEFT JOIN column_lists rc ON rc.table_oid = r.table_oid)
SELECT k.* REPLACE (
         k.default_name || CASE WHEN k.name_rank > 1 THEN (k.name_rank - 1)::VARCHAR ELSE '' END AS constraint_name),
       (SELECT min(u.index_oid) FROM keyed u
        WHERE k.contype = 'f' AND u.table_oid = k.confrelid AND u.contype IN ('p', 'u')
          AND u.constraint_column_names = k.referenced_column_names) AS referenced_index_oid,
       CASE k.contype
         WHEN 'p' THEN 'PRIMARY KEY (' || array_to_string(k.constraint_column_names, ', ') || ')'
         WHEN 'u' THEN 'UNIQUE (' || array_to_string(k.constraint_column_names, ', ') || ')'
         WHEN 'f' THEN 'FOREIGN KEY (' || array_to_string(k.constraint_column_names, ', ') || ') REFERENCES '
                       || (SELECT CASE WHEN duckwire_catalog.pg.duckwire_is_visible(n.nspname) THEN ''
                                       ELSE n.nspname || '.' END
                           FROM duckwire_catalog.pg.duckwire_namespaces n
                           WHERE n.database_name = k.database_name AND n.schema_name = k.schema_name)
                       || k.referenced_table || '(' || array_to_string(k.referenced_column_names, ', ') || ')'
         ELSE 'CHECK (' || coalesce(k.expression, regexp_replace(k.constraint_text, '^CHECK', '')) || ')'
       END AS definition
FROM (SELECT *, row_number() OVER (PARTITION BY table_oid, default_name ORDER BY position) AS name_rank
      FROM keyed) k)");
  // PostgreSQL's fixed OIDs of the catalog relations clients name ('pg_class'::regclass is 1259, the
  // classoid of a table's comment in pg_description).
  statements.push_back(R"(
CREATE VIEW duckwire_catalog.pg.duckwire_known_relations(relname, oid) AS VALUES
  ('pg_type', 1247), ('pg_attribute', 1249), ('pg_proc', 1255), ('pg_class', 1259), ('pg_authid', 1260),
  ('pg_database', 1262), ('pg_namespace', 2615), ('pg_constraint', 2606), ('pg_index', 2610),
  ('pg_description', 2609), ('pg_am', 2601), ('pg_attrdef', 2604), ('pg_inherits', 2611),
  ('pg_trigger', 2620), ('pg_rewrite', 2618), ('pg_depend', 2608), ('pg_operator', 2617),
  ('pg_language', 2612), ('pg_collation', 3456), ('pg_enum', 3501), ('pg_extension', 3079),
  ('pg_tablespace', 1213), ('pg_sequence', 2224), ('pg_range', 3541), ('pg_policy', 3256),
  ('pg_statistic_ext', 3381), ('pg_foreign_table', 3118), ('pg_publication', 6104),
  ('pg_partitioned_table', 3350), ('pg_shdescription', 2396), ('pg_cast', 2605))");
  // Every relation in pg_class: tables, views (the catalog's own too), indexes, the indexes behind
  // primary key and unique constraints, and sequences.
  statements.push_back(R"(
CREATE VIEW duckwire_catalog.pg.duckwire_relations AS
WITH relations AS (
  SELECT table_oid AS oid, table_name AS relname, database_name, schema_name, 'r' AS relkind,
         column_count AS relnatts, index_count > 0 AS relhasindex, estimated_size AS reltuples,
         temporary, comment, check_constraint_count AS relchecks, NULL::BIGINT AS indrelid, sql
  FROM duckdb_tables()
  UNION ALL
  SELECT coalesce(k.oid, v.view_oid), v.view_name, v.database_name, v.schema_name, 'v', v.column_count, false, 0,
         v.temporary, v.comment, 0, NULL, v.sql
  FROM duckdb_views() v
  LEFT JOIN duckwire_catalog.pg.duckwire_known_relations k
    ON v.database_name = 'duckwire_catalog' AND v.schema_name = 'pg' AND k.relname = v.view_name
  WHERE NOT v.internal AND NOT (v.database_name = 'duckwire_catalog' AND v.view_name LIKE 'duckwire\_%' ESCAPE '\')
  UNION ALL
  SELECT index_oid, index_name, database_name, schema_name, 'i',
         len(string_split(trim(expressions, '[]'), ', ')), false, 0, false, comment, 0, table_oid, sql
  FROM duckdb_indexes()
  UNION ALL
  SELECT index_oid, constraint_name, database_name, schema_name, 'i', len(conkey), false, 0, false, NULL, 0,
         table_oid, NULL
  FROM duckwire_catalog.pg.duckwire_constraints WHERE index_oid IS NOT NULL
  UNION ALL
  SELECT sequence_oid, sequence_name, database_name, schema_name, 'S', 3, false, 1, temporary, comment, 0, NULL,
         sql
  FROM duckdb_sequences())
SELECT r.*, n.oid AS relnamespace, n.nspname,
       -- PostgreSQL enforces a foreign key with triggers on both tables.
       (r.relkind = 'r' AND r.oid IN (SELECT unnest([table_oid, confrelid])
                                      FROM duckwire_catalog.pg.duckwire_constraints WHERE contype = 'f'))
         AS relhastriggers
FROM relations r JOIN duckwire_catalog.pg.duckwire_namespaces n
  ON n.database_name = r.database_name AND n.schema_name = r.schema_name)");
  // Enum types with their labels spelled as duckdb_columns() spells an enum column's type.
  statements.push_back(R"(
CREATE VIEW duckwire_catalog.pg.duckwire_enum_types AS
SELECT database_name, min(type_oid) AS type_oid, spelled
FROM (SELECT database_name, type_oid,
             'ENUM(' || array_to_string(list_transform(labels, l -> '''' || replace(l, '''', '''''') || ''''), ', ')
               || ')' AS spelled
      FROM duckdb_types() WHERE logical_type = 'ENUM' AND NOT internal)
GROUP BY database_name, spelled)");
  // Every column of a table, view or index relation with its PostgreSQL type: the OID of its
  // element type's array type for a list, numeric's typmod for a decimal, json for nested types,
  // the enum type of an enum (text on the wire) when one with its labels exists.
  statements.push_back(R"(
CREATE VIEW duckwire_catalog.pg.duckwire_columns AS
WITH typed AS (
  SELECT c.*, regexp_replace(c.data_type, '\[\d*\]$', '') AS element_type
  FROM duckdb_columns() c),
named AS (
  SELECT t.*, element_type <> data_type AS is_list,
         CASE WHEN element_type LIKE 'DECIMAL(%' THEN 'DECIMAL' WHEN element_type LIKE 'ENUM(%' THEN 'ENUM'
              WHEN regexp_matches(element_type, '^(STRUCT|MAP|UNION)\(') THEN 'STRUCT'
              ELSE element_type END AS base_name
  FROM typed t)
SELECT n.database_name, n.schema_name, n.table_name, n.table_oid, n.column_name, n.column_index AS attnum,
       n.data_type, n.column_default, n.is_nullable, n.comment, n.numeric_precision, n.numeric_scale,
       (CASE WHEN NOT is_list THEN coalesce(e.type_oid, m.oid, 25)
             WHEN regexp_matches(element_type, '\[\d*\]$') THEN 114
             ELSE coalesce(m.array_oid, 114) END)::pg_oid AS atttypid,
       (CASE WHEN base_name = 'DECIMAL'
             THEN ((CAST(regexp_extract(element_type, '\((\d+),', 1) AS INTEGER) << 16)
                   | CAST(regexp_extract(element_type, ',(\d+)\)', 1) AS INTEGER)) + 4
             ELSE -1 END)::INTEGER AS atttypmod,
       (CASE WHEN is_list THEN 1 ELSE 0 END)::INTEGER AS attndims
FROM named n LEFT JOIN duckwire_catalog.pg.duckwire_type_names m ON m.name = n.base_name
LEFT JOIN duckwire_catalog.pg.duckwire_enum_types e
  ON n.base_name = 'ENUM' AND e.database_name = n.database_name AND e.spelled = n.element_type)");
  // The database's own functions (macros): DuckDB's built-in functions are not listed.
  statements.push_back(R"(
CREATE VIEW duckwire_catalog.pg.duckwire_functions AS
SELECT f.function_oid::pg_oid AS oid, f.function_name::pg_name AS proname,
       n.oid AS pronamespace, CASE WHEN f.function_type = 'table_macro' THEN 't' ELSE 'f' END AS prokind,
       coalesce(f.parameters, []) AS argument_names, f.macro_definition AS definition, f.comment
FROM duckdb_functions() f
JOIN duckwire_catalog.pg.duckwire_namespaces n ON n.database_name = f.database_name AND n.schema_name = f.schema_name
WHERE NOT f.internal AND f.database_name <> 'duckwire_catalog')");
  return statements;
}

}  // namespace duckwire::pgwire::catalog
