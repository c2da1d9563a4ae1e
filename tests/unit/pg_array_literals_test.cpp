// Bare PostgreSQL array text going to list columns (INSERT ... VALUES, UPDATE ... SET).

#include <gtest/gtest.h>

#include "backend/duckdb/duckdb_backend.hpp"
#include "protocols/pgwire/array_literals.hpp"

namespace duckwire::pgwire {
namespace {

class ArrayLiterals : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::string> warnings;
    auto backend = open_duckdb_backend(BackendOptions{}, warnings);
    ASSERT_TRUE(backend.ok());
    backend_ = std::move(backend).value();
    session_ = backend_->connect().value();
    ASSERT_TRUE(session_->execute("CREATE TABLE t (a INTEGER[], j JSON, s VARCHAR)").ok());
  }

  std::unique_ptr<Backend> backend_;
  std::unique_ptr<Session> session_;
};

TEST_F(ArrayLiterals, ListColumnsTakeTheirTextAsLists) {
  EXPECT_EQ(with_array_literals(*session_, "INSERT INTO t VALUES ('{}', '{}', '{x}'), ('{1,2}', '{\"k\": 1}', '')"),
            "INSERT INTO t VALUES ('[]', '{}', '{x}'), ('[1,2]', '{\"k\": 1}', '')");
  EXPECT_EQ(with_array_literals(*session_, "INSERT INTO t (j, a) VALUES ('{}', '{3}')"),
            "INSERT INTO t (j, a) VALUES ('{}', '[3]')");
  EXPECT_EQ(with_array_literals(*session_, "UPDATE t SET s = '{a}', a = '{4}' WHERE s = '{a}'"),
            "UPDATE t SET s = '{a}', a = '[4]' WHERE s = '{a}'");
}

TEST_F(ArrayLiterals, OtherStatementsStayAsTheyAre) {
  for (const char* sql : {"SELECT '{}'", "INSERT INTO t SELECT '{}', NULL, NULL", "INSERT INTO missing VALUES ('{}')",
                          "INSERT INTO t VALUES ([1], '{}', 'x')"}) {
    EXPECT_EQ(with_array_literals(*session_, sql), sql);
  }
}

}  // namespace
}  // namespace duckwire::pgwire
