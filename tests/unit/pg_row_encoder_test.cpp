#include "encode/pg_row_encoder.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "backend/duckdb/duckdb_backend.hpp"
#include "pg_expected_values.hpp"
#include "pg_test_support.hpp"

namespace duckwire::encode::pg {
namespace {

class PgRowEncoderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::string> warnings;
    backend_ = open_duckdb_backend(BackendOptions{}, warnings).value();
    session_ = backend_->connect().value();
  }

  std::unique_ptr<Backend> backend_;
  std::unique_ptr<Session> session_;
};

TEST_F(PgRowEncoderTest, TextAsPostgresPrintsIt) {
  for (const PgExpected& expected : kPgExpected) {
    const auto rows = query_cells(*session_, std::string("SELECT ") + expected.duckdb_sql, {Format::kText},
                                  TextSettings{expected.time_zone});
    ASSERT_EQ(rows.size(), 1u) << expected.name;
    ASSERT_TRUE(rows[0][0].has_value()) << expected.name;
    EXPECT_EQ(*rows[0][0], expected.text) << expected.name;
  }
}

TEST_F(PgRowEncoderTest, BinaryAsPostgresSendsIt) {
  for (const PgExpected& expected : kPgExpected) {
    const auto rows = query_cells(*session_, std::string("SELECT ") + expected.duckdb_sql, {Format::kBinary},
                                  TextSettings{expected.time_zone});
    ASSERT_EQ(rows.size(), 1u) << expected.name;
    ASSERT_TRUE(rows[0][0].has_value()) << expected.name;
    EXPECT_EQ(to_hex(*rows[0][0]), expected.binary_hex) << expected.name;
  }
}

}  // namespace
}  // namespace duckwire::encode::pg
