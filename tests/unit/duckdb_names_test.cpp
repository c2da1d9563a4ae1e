#include "protocols/pgwire/commands/duckdb_names.hpp"

#include <gtest/gtest.h>

namespace duckwire::pgwire::commands {
namespace {

TEST(DuckdbNamesTest, SearchPathMapsPostgreSQLSchemasAndSkipsMissingOnes) {
  const std::vector<std::string> existing{"main", "sales", "My Schema"};
  EXPECT_EQ(duckdb_search_path("\"$user\", public", existing), "main,duckwire_catalog.pg");
  EXPECT_EQ(duckdb_search_path("public, sales", existing), "main,sales,duckwire_catalog.pg");
  EXPECT_EQ(duckdb_search_path("sales, \"My Schema\", nowhere, public", existing),
            "sales,\"My Schema\",main,duckwire_catalog.pg");
  EXPECT_EQ(duckdb_search_path("pg_catalog, information_schema, SALES", existing),
            "duckwire_catalog.pg,duckwire_catalog.information,sales");
  EXPECT_EQ(duckdb_search_path("", existing), "duckwire_catalog.pg");
}

TEST(DuckdbNamesTest, TableNames) {
  EXPECT_EQ(duckdb_table_name({"orders"}), (std::vector<std::string>{"orders"}));
  EXPECT_EQ(duckdb_table_name({"public", "orders"}), (std::vector<std::string>{"main", "orders"}));
  EXPECT_EQ(duckdb_table_name({"sales", "regions"}), (std::vector<std::string>{"sales", "regions"}));
  EXPECT_EQ(duckdb_table_name({"pg_catalog", "pg_class"}),
            (std::vector<std::string>{"duckwire_catalog", "pg", "pg_class"}));
  EXPECT_EQ(quoted_name({"a\"b", "c"}), "\"a\"\"b\".\"c\"");
  EXPECT_EQ(sql_literal("it's"), "'it''s'");
}

}  // namespace
}  // namespace duckwire::pgwire::commands
