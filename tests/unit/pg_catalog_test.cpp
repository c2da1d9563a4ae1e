// duckwire's emulated PostgreSQL catalog over a live DuckDB catalog: PostgreSQL's columns and types,
// consistent OIDs, the functions clients call, and a catalog no client can change.

#include <gtest/gtest.h>

#include <filesystem>

#include "pg_catalog_test_support.hpp"

namespace duckwire {
namespace {

// The corpus schema (tests/data/pg_corpus/schema.sql) in DuckDB's SQL: public is DuckDB's main.
constexpr const char* kShopSchema[] = {
    "CREATE SCHEMA sales",
    "CREATE TYPE sales.region_kind AS ENUM ('domestic', 'export')",
    "CREATE SEQUENCE customers_id_seq",
    "CREATE TABLE customers (id INTEGER DEFAULT nextval('customers_id_seq') PRIMARY KEY, "
    "email VARCHAR NOT NULL UNIQUE, name VARCHAR NOT NULL, active BOOLEAN NOT NULL DEFAULT true, "
    "external_id UUID, created_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), "
    "total DECIMAL(10,2) NOT NULL DEFAULT 0, labels VARCHAR[], line_qtys INTEGER[], doc JSON)",
    "COMMENT ON TABLE orders IS 'Customer orders'",
    "COMMENT ON COLUMN orders.total IS 'Order total'",
    "CREATE INDEX orders_customer_id_idx ON orders (customer_id)",
    "CREATE TABLE sales.order_items (order_id INTEGER NOT NULL, line_no SMALLINT NOT NULL, "
    "qty INTEGER NOT NULL DEFAULT 1 CHECK (qty > 0), PRIMARY KEY (order_id, line_no))",
    "CREATE VIEW order_totals AS SELECT o.id, c.email, o.total FROM orders o JOIN customers c ON c.id = "
    "o.customer_id",
};

class PgCatalog : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* statement : kShopSchema) {
      auto done = db_.execute(statement);
      ASSERT_TRUE(done.ok()) << statement << ": " << done.error().message;
    }
  }

  std::string oid_of(const std::string& relation) {
    return db_.value("SELECT oid FROM pg_class WHERE relname = '" + relation + "'");
  }

  CatalogDatabase db_;
};

std::vector<std::string> names(const std::vector<ResultShape>& shape) {
  std::vector<std::string> out;
  for (const auto& column : shape) out.push_back(column.name);
  return out;
}

TEST_F(PgCatalog, RelationsHavePostgresColumnsAndTypes) {
  auto shape = db_.shape(
      "SELECT oid, relname, relnamespace, relkind, relnatts, reltuples, relhasindex, relacl "
      "FROM pg_class");
  ASSERT_TRUE(shape.ok()) << shape.error().message;
  const std::vector<uint32_t> expected{26, 19, 26, 18, 21, 700, 16, 1034};
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(shape.value()[i].type_oid, expected[i]) << i;

  auto index = db_.shape("SELECT indexrelid, indrelid, indkey, indclass, indexprs FROM pg_index");
  ASSERT_TRUE(index.ok()) << index.error().message;
  // int2vector and oidvector are lists, so that list functions take them: int2[] and oid[].
  EXPECT_EQ(index.value()[2].type_oid, 1005u);
  EXPECT_EQ(index.value()[3].type_oid, 1028u);
  EXPECT_EQ(index.value()[4].type_oid, 194u);

  auto type = db_.shape("SELECT * FROM pg_type");
  ASSERT_TRUE(type.ok()) << type.error().message;
  EXPECT_EQ(type.value().size(), 32u);  // PostgreSQL 15's pg_type has 32 columns
  auto namespaces = db_.shape("SELECT * FROM pg_namespace");
  ASSERT_TRUE(namespaces.ok());
  EXPECT_EQ(names(namespaces.value()), (std::vector<std::string>{"oid", "nspname", "nspowner", "nspacl"}));
  auto attributes = db_.shape("SELECT * FROM pg_attribute");
  ASSERT_TRUE(attributes.ok()) << attributes.error().message;
  EXPECT_EQ(attributes.value().size(), 26u);
  auto classes = db_.shape("SELECT * FROM pg_class");
  ASSERT_TRUE(classes.ok());
  EXPECT_EQ(classes.value().size(), 33u);
}

TEST_F(PgCatalog, NamespacesAreThoseOfPostgres) {
  EXPECT_EQ(db_.rows("SELECT oid, nspname FROM pg_namespace ORDER BY oid"),
            (TextRows{{"11", "pg_catalog"},
                      {"2200", "public"},
                      {"13000", "information_schema"},
                      {db_.value("SELECT oid FROM pg_namespace WHERE nspname = 'pg_temp_1'"), "pg_temp_1"},
                      {db_.value("SELECT oid FROM pg_namespace WHERE nspname = 'sales'"), "sales"}}));
}

TEST_F(PgCatalog, ColumnsCarryPostgresTypeOids) {
  EXPECT_EQ(db_.rows("SELECT attname, atttypid, atttypmod, attnotnull, format_type(atttypid, atttypmod) "
                     "FROM pg_attribute WHERE attrelid = " +
                     oid_of("orders") + " ORDER BY attnum"),
            (TextRows{{"id", "23", "-1", "true", "integer"},
                      {"customer_id", "23", "-1", "true", "integer"},
                      {"total", "1700", "655366", "true", "numeric(10,2)"},
                      {"labels", "1009", "-1", "false", "text[]"},
                      {"line_qtys", "1007", "-1", "false", "integer[]"},
                      {"doc", "114", "-1", "false", "json"}}));
}

TEST_F(PgCatalog, ReflectsTheLiveCatalog) {
  EXPECT_EQ(db_.value("SELECT count(*) FROM pg_class WHERE relname = 'fresh'"), "0");
  ASSERT_TRUE(db_.execute("CREATE TABLE fresh (a BIGINT, b TIMESTAMP)").ok());
  EXPECT_EQ(db_.rows("SELECT c.relkind, c.relnatts, n.nspname FROM pg_class c "
                     "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = 'fresh'"),
            (TextRows{{"r", "2", "public"}}));
  // The same OID as DuckDB's own, which a RowDescription reports as the column's table.
  EXPECT_EQ(oid_of("fresh"), db_.value("SELECT table_oid FROM duckdb_tables() WHERE table_name = 'fresh'"));
}

TEST_F(PgCatalog, RelationKindsAndIndexesAreTruthful) {
  EXPECT_EQ(db_.rows("SELECT relname, relkind, relhasindex FROM pg_class c JOIN pg_namespace n "
                     "ON n.oid = c.relnamespace WHERE n.nspname IN ('public', 'sales') ORDER BY relname"),
            (TextRows{{"customers", "r", "true"},
                      {"customers_email_key", "i", "false"},
                      {"customers_id_seq", "S", "false"},
                      {"customers_pkey", "i", "false"},
                      {"order_items", "r", "true"},
                      {"order_items_pkey", "i", "false"},
                      {"order_totals", "v", "false"},
                      {"orders", "r", "true"},
                      {"orders_customer_id_idx", "i", "false"},
                      {"orders_pkey", "i", "false"}}));
  EXPECT_EQ(
      db_.rows("SELECT i.indkey, i.indisprimary, i.indisunique, pg_get_indexdef(i.indexrelid) "
               "FROM pg_index i WHERE i.indrelid = " +
               oid_of("order_items")),
      (TextRows{{"[1, 2]", "true", "true",
                 "CREATE UNIQUE INDEX order_items_pkey ON sales.order_items USING btree (order_id, line_no)"}}));
}

TEST_F(PgCatalog, ConstraintsReferenceTablesAndIndexes) {
  EXPECT_EQ(
      db_.rows("SELECT c.contype, c.conkey, c.confkey, c.confrelid = " + oid_of("customers") +
               ", c.conindid = " + oid_of("customers_pkey") +
               ", pg_get_constraintdef(c.oid) FROM pg_constraint c WHERE c.conrelid = " + oid_of("orders") +
               " ORDER BY c.contype"),
      (TextRows{{"f", "[2]", "[1]", "true", "true", "FOREIGN KEY (customer_id) REFERENCES customers(id)"},
                {"p", "[1]", "NULL", "false", "false", "PRIMARY KEY (id)"}}));
  EXPECT_EQ(db_.value("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'c'"),
            "CHECK ((qty > 0))");
}

TEST_F(PgCatalog, CommentsAndDefaults) {
  EXPECT_EQ(db_.value("SELECT obj_description(" + oid_of("orders") + ", 'pg_class')"), "Customer orders");
  EXPECT_EQ(db_.value("SELECT col_description(" + oid_of("orders") + ", 3)"), "Order total");
  EXPECT_EQ(
      db_.rows("SELECT a.attname, pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a "
               "ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = " +
               oid_of("customers") + " ORDER BY d.adnum"),
      (TextRows{
          {"id", "nextval('customers_id_seq'::regclass)"}, {"active", "true"}, {"created_at", "now()"}}));
}

TEST_F(PgCatalog, FunctionsClientsCall) {
  EXPECT_TRUE(db_.value("SELECT version()").starts_with("PostgreSQL 15.0 (duckwire "))
      << db_.value("SELECT version()");
  EXPECT_EQ(db_.value("SELECT pg_get_userbyid(10)"), "shop_user");
  EXPECT_EQ(db_.value("SELECT current_user"), "shop_user");
  EXPECT_EQ(db_.value("SELECT current_schema()"), "public");
  EXPECT_EQ(db_.value("SELECT current_setting('server_version_num')"), "150000");
  EXPECT_EQ(db_.value("SELECT pg_encoding_to_char(6)"), "UTF8");
  EXPECT_EQ(db_.value("SELECT pg_table_is_visible(" + oid_of("orders") + ")"), "true");
  EXPECT_EQ(db_.value("SELECT pg_table_is_visible(" + oid_of("order_items") + ")"), "false");
  EXPECT_EQ(db_.value("SELECT quote_ident('Order')") + db_.value("SELECT quote_ident('orders')"),
            "\"Order\"orders");
  EXPECT_EQ(db_.value("SELECT pg_size_pretty(20480::BIGINT)"), "20 kB");
  EXPECT_EQ(db_.value("SELECT count(*) FROM pg_get_keywords() WHERE word = 'select' AND catcode = 'R'"), "1");
  EXPECT_EQ(db_.value("SELECT pg_get_serial_sequence('customers', 'id')"), "customers_id_seq");
  EXPECT_EQ(
      db_.rows("SELECT (k).x, (k).n FROM (SELECT duckwire_catalog.information._pg_expandarray([3, 1]) AS k)"),
      (TextRows{{"3", "1"}, {"1", "2"}}));
}

TEST_F(PgCatalog, CastMacros) {
  EXPECT_EQ(db_.value("SELECT duckwire_cast_regclass('orders')"), oid_of("orders"));
  EXPECT_EQ(db_.value("SELECT duckwire_cast_regclass('sales.order_items')"), oid_of("order_items"));
  EXPECT_EQ(db_.value("SELECT duckwire_cast_regclass('pg_catalog.pg_class')"), oid_of("pg_class"));
  EXPECT_EQ(db_.value("SELECT duckwire_cast_regclass_text(" + oid_of("order_items") + ")"),
            "sales.order_items");
  EXPECT_EQ(db_.value("SELECT duckwire_cast_regclass_shown(" + oid_of("order_items") + ")"),
            "sales.order_items");
  EXPECT_EQ(db_.value("SELECT duckwire_cast_regclass_shown(4000000)"), "4000000");
  EXPECT_EQ(db_.value("SELECT duckwire_cast_regtype('integer')"), "23");
  EXPECT_EQ(db_.value("SELECT duckwire_cast_regtype('pg_catalog.int8')"), "20");
  EXPECT_EQ(db_.value("SELECT duckwire_cast_regtype_text(1043)"), "character varying");
  EXPECT_EQ(db_.value("SELECT duckwire_cast_regproc('pg_catalog.array_in')"), "array_in");
  EXPECT_EQ(db_.value("SELECT duckwire_cast_regnamespace_text(2200)"), "public");
  auto shape = db_.shape(
      "SELECT duckwire_cast_regclass('orders') AS r, duckwire_cast_oid('5') AS o, "
      "duckwire_cast_name('x') AS n, duckwire_cast_char('r') AS c, duckwire_cast_regclass_shown('orders') AS s");
  ASSERT_TRUE(shape.ok()) << shape.error().message;
  EXPECT_EQ(shape.value()[0].type_oid, 2205u);
  EXPECT_EQ(shape.value()[1].type_oid, 26u);
  EXPECT_EQ(shape.value()[2].type_oid, 19u);
  EXPECT_EQ(shape.value()[3].type_oid, 18u);
  EXPECT_EQ(shape.value()[4].type_oid, 2205u);
}

TEST_F(PgCatalog, AliasedColumnsWorkWithOrdinaryFunctions) {
  EXPECT_EQ(db_.value("SELECT upper(relname) || '!' FROM pg_class WHERE relname ~ '^ord.*s$' AND oid > 0 "
                      "ORDER BY 1 LIMIT 1"),
            "ORDERS!");
  EXPECT_EQ(db_.value("SELECT count(*) FROM pg_class WHERE oid = '" + oid_of("orders") + "'"), "1");
}

TEST_F(PgCatalog, InformationSchema) {
  EXPECT_EQ(db_.rows("SELECT table_schema, table_name, table_type FROM duckwire_catalog.information.tables "
                     "WHERE table_schema IN ('public', 'sales') ORDER BY table_name"),
            (TextRows{{"public", "customers", "BASE TABLE"},
                      {"sales", "order_items", "BASE TABLE"},
                      {"public", "order_totals", "VIEW"},
                      {"public", "orders", "BASE TABLE"}}));
  EXPECT_EQ(
      db_.rows(
          "SELECT column_name, data_type, udt_name, is_nullable FROM duckwire_catalog.information.columns "
          "WHERE table_name = 'orders' ORDER BY ordinal_position"),
      (TextRows{{"id", "integer", "int4", "NO"},
                {"customer_id", "integer", "int4", "NO"},
                {"total", "numeric", "numeric", "NO"},
                {"labels", "ARRAY", "_text", "YES"},
                {"line_qtys", "ARRAY", "_int4", "YES"},
                {"doc", "json", "json", "YES"}}));
  EXPECT_EQ(db_.rows("SELECT constraint_name, column_name, ordinal_position FROM "
                     "duckwire_catalog.information.key_column_usage WHERE table_name = 'order_items' "
                     "ORDER BY ordinal_position"),
            (TextRows{{"order_items_pkey", "order_id", "1"}, {"order_items_pkey", "line_no", "2"}}));
  auto shape =
      db_.shape("SELECT table_name, ordinal_position, is_nullable FROM duckwire_catalog.information.columns");
  ASSERT_TRUE(shape.ok());
  EXPECT_EQ(shape.value()[0].type_oid, 19u);
  EXPECT_EQ(shape.value()[1].type_oid, 23u);
  EXPECT_EQ(shape.value()[2].type_oid, 1043u);
}

TEST_F(PgCatalog, ClientsCannotChangeTheCatalog) {
  for (const char* statement :
       {"DROP VIEW duckwire_catalog.pg.pg_class", "CREATE TABLE duckwire_catalog.pg.mine (a INTEGER)",
        "CREATE OR REPLACE MACRO duckwire_catalog.pg.version() AS 'mine'", "DETACH duckwire_catalog",
        "ATTACH ':memory:' AS duckwire_catalog2", "USE duckwire_catalog.pg; CREATE VIEW v AS SELECT 1"}) {
    auto done = db_.execute(statement);
    EXPECT_FALSE(done.ok()) << statement;
  }
  // Nor write its file (DuckDB lets SQL read an attached database's file: this one holds the
  // catalog's definitions alone).
  auto write = db_.execute("COPY (SELECT 1) TO '" + db_.catalog_file() + "' (FORMAT csv)");
  EXPECT_FALSE(write.ok());
  EXPECT_TRUE(db_.value("SELECT version()").starts_with("PostgreSQL 15.0"));
  EXPECT_EQ(db_.value("SELECT count(*) FROM pg_class WHERE relname = 'pg_class'"), "1");
}

TEST(PgCatalogSetup, WorksOnAReadOnlyServerAndRemovesItsFileOnClose) {
  const std::string path =
      (std::filesystem::path(::testing::TempDir()) / "pg_catalog_read_only.duckdb").string();
  std::filesystem::remove(path);
  {
    CatalogDatabase writer({"shop_user"}, false, path);
    ASSERT_TRUE(writer.execute("CREATE TABLE kept (a INTEGER PRIMARY KEY)").ok());
  }
  CatalogDatabase reader({"shop_user"}, true, path);
  EXPECT_EQ(reader.value("SELECT relkind FROM pg_class WHERE relname = 'kept'"), "r");
  EXPECT_TRUE(std::filesystem::exists(reader.catalog_file()));
  const std::string file = reader.catalog_file();
  reader.close();
  EXPECT_FALSE(std::filesystem::exists(file));
  std::filesystem::remove(path);
}

// Sessions of the other front doors do not have the catalog on their search path.
TEST(PgCatalogSetup, OtherSessionsKeepDuckdbFunctions) {
  CatalogDatabase db;
  auto plain = db.backend().connect();
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(db.rows("SELECT version()", plain.value().get()), (TextRows{{"v1.5.6"}}));
  EXPECT_EQ(db.rows("SELECT current_schema()", plain.value().get()), (TextRows{{"main"}}));
}

}  // namespace
}  // namespace duckwire
