#include <gtest/gtest.h>

#include "core/sql_statements.hpp"

namespace duckwire::core {
namespace {

using Statements = std::vector<std::string>;

TEST(SqlStatements, SplitsOnSemicolonsAndKeepsEachStatementsText) {
  EXPECT_EQ(split_statements("SELECT 1; SELECT  2 ;\nINSERT INTO t VALUES (1)"),
            (Statements{"SELECT 1", "SELECT  2", "INSERT INTO t VALUES (1)"}));
  EXPECT_EQ(split_statements("SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL;"),
            (Statements{"SELECT pg_advisory_unlock_all()", "CLOSE ALL", "UNLISTEN *", "RESET ALL"}));
}

TEST(SqlStatements, SemicolonsInStringsNamesAndCommentsDoNotSplit) {
  EXPECT_EQ(split_statements("SELECT 'a;b', \"c;d\" FROM t -- x;y\n; SELECT /* p; /* nested; */ q; */ 2"),
            (Statements{"SELECT 'a;b', \"c;d\" FROM t -- x;y", "SELECT /* p; /* nested; */ q; */ 2"}));
  EXPECT_EQ(split_statements("SELECT E'it\\'s;', $$a;b$$, $fn$ c; $$ ; $fn$; SELECT 2"),
            (Statements{"SELECT E'it\\'s;', $$a;b$$, $fn$ c; $$ ; $fn$", "SELECT 2"}));
}

TEST(SqlStatements, DropsStatementsWithoutCode) {
  EXPECT_EQ(split_statements(""), Statements{});
  EXPECT_EQ(split_statements(" ;; -- only a comment\n ; /* and another */"), Statements{});
  EXPECT_EQ(split_statements("-- leading comment\nSELECT 1;"), (Statements{"-- leading comment\nSELECT 1"}));
}

TEST(SqlStatements, UnterminatedQuotesRunToTheEnd) {
  EXPECT_EQ(split_statements("SELECT 'open; SELECT 2"), (Statements{"SELECT 'open; SELECT 2"}));
  EXPECT_EQ(split_statements("SELECT $x$ open; SELECT 2"), (Statements{"SELECT $x$ open; SELECT 2"}));
}

TEST(SqlStatements, ParametersAreNotDollarQuotes) {
  EXPECT_EQ(split_statements("SELECT $1; SELECT $2"), (Statements{"SELECT $1", "SELECT $2"}));
}

}  // namespace
}  // namespace duckwire::core
