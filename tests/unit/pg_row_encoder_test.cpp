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

TEST_F(PgRowEncoderTest, PerColumnFormatsAndNullsOverManyChunks) {
  const auto rows =
      query_cells(*session_,
                  "SELECT range::INTEGER AS i, CASE WHEN range % 3 = 0 THEN NULL ELSE 'v' || range END AS s "
                  "FROM range(5000)",
                  {Format::kBinary, Format::kText});
  ASSERT_EQ(rows.size(), 5000u);
  EXPECT_EQ(to_hex(*rows[4097][0]), "00001001");
  EXPECT_EQ(*rows[4097][1], "v4097");
  EXPECT_FALSE(rows[4098][1].has_value());
  EXPECT_EQ(to_hex(*rows[0][0]), "00000000");
}

TEST_F(PgRowEncoderTest, WritesTheRowsAskedFor) {
  auto stream = session_->execute("SELECT range AS n FROM range(10)");
  ASSERT_TRUE(stream.ok());
  auto encoder = RowEncoder::make(stream.value()->schema(), {}, {});
  ASSERT_TRUE(encoder.ok());
  auto chunk = stream.value()->next();
  ASSERT_TRUE(chunk.ok() && chunk.value());
  std::string out;
  ASSERT_TRUE(encoder->append_data_rows(*chunk.value(), 3, 2, out).ok());
  const auto rows = parse_data_rows(out);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(*rows[0][0], "3");
  EXPECT_EQ(*rows[1][0], "4");
  EXPECT_EQ(encoder->formats(), std::vector<Format>{Format::kText});
  EXPECT_EQ(encoder->types()[0].oid, oid::kInt8);
}

TEST_F(PgRowEncoderTest, TimeTzOffsetsPerRow) {
  const std::string sql =
      "SELECT * FROM (VALUES ('12:00:00+05:30'::TIMETZ), ('23:59:59.5-08'::TIMETZ), (NULL)) t(x)";
  const auto text = query_cells(*session_, sql, {Format::kText});
  ASSERT_EQ(text.size(), 3u);
  EXPECT_EQ(*text[0][0], "12:00:00+05:30");
  EXPECT_EQ(*text[1][0], "23:59:59.5-08");
  EXPECT_FALSE(text[2][0].has_value());
  // timetz_send: microseconds, then the zone in seconds WEST of UTC (PostgreSQL 15's bytes).
  const auto binary = query_cells(*session_, sql, {Format::kBinary});
  EXPECT_EQ(to_hex(*binary[0][0]), "0000000a0eebb000ffffb2a8");
  EXPECT_EQ(to_hex(*binary[1][0]), "000000141dcfbee000007080");
}

TEST_F(PgRowEncoderTest, EnumsNullsAndUnions) {
  ASSERT_TRUE(session_->execute("CREATE TYPE mood AS ENUM ('sad', 'happy')").ok());
  const std::string sql =
      "SELECT 'happy'::mood AS m, NULL AS n, union_value(num := 2)::UNION(num INTEGER, str VARCHAR) AS u";
  for (const Format format : {Format::kText, Format::kBinary}) {
    const auto rows = query_cells(*session_, sql, {format});
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(*rows[0][0], "happy");
    EXPECT_FALSE(rows[0][1].has_value());
    EXPECT_EQ(*rows[0][2], "2");
  }
}

TEST_F(PgRowEncoderTest, NamedNestedTypesAreJsonToo) {
  ASSERT_TRUE(session_->execute("CREATE TYPE point2 AS STRUCT(x INTEGER, y INTEGER)").ok());
  ASSERT_TRUE(session_->execute("CREATE TYPE grid AS INTEGER[][]").ok());
  const auto rows =
      query_cells(*session_, "SELECT {'x': 1, 'y': 2}::point2, [[1], [2, 3]]::grid", {Format::kText});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(*rows[0][0], "{\"x\":1,\"y\":2}");
  EXPECT_EQ(*rows[0][1], "[[1],[2,3]]");
}

TEST_F(PgRowEncoderTest, ExtraFloatDigitsBelowOne) {
  // PostgreSQL 15 with extra_float_digits = 0: 0.1, 0.333333333333333, 1e+16 (float8), 0.333333 (float4).
  TextSettings settings;
  settings.extra_float_digits = 0;
  const auto rows = query_cells(*session_, "SELECT 0.1::DOUBLE, 1/3::DOUBLE, 1e16::DOUBLE, (1/3)::FLOAT",
                                {Format::kText}, settings);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(*rows[0][0], "0.1");
  EXPECT_EQ(*rows[0][1], "0.333333333333333");
  EXPECT_EQ(*rows[0][2], "1e+16");
  EXPECT_EQ(*rows[0][3], "0.333333");
}

TEST_F(PgRowEncoderTest, RefusesWhatBindCannotAsk) {
  auto stream = session_->execute("SELECT 1 AS a, 2 AS b, 3 AS c");
  ASSERT_TRUE(stream.ok());
  auto wrong_count = RowEncoder::make(stream.value()->schema(), {Format::kText, Format::kBinary}, {});
  ASSERT_FALSE(wrong_count.ok());
  EXPECT_EQ(wrong_count.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(wrong_count.error().message, "bind message has 2 result formats but query has 3 columns");
  auto unknown_zone = RowEncoder::make(stream.value()->schema(), {}, TextSettings{"Mars/Base"});
  ASSERT_FALSE(unknown_zone.ok());
  EXPECT_EQ(unknown_zone.error().message, "invalid value for parameter \"TimeZone\": \"Mars/Base\"");
  EXPECT_FALSE(format_from_code(2).ok());
  EXPECT_EQ(format_from_code(2).error().message, "unsupported format code: 2");
}

TEST_F(PgRowEncoderTest, DatesBeyondPostgresBinaryRangeFail) {
  auto stream = session_->execute("SELECT '5877642-06-25 (BC)'::DATE AS d");
  ASSERT_TRUE(stream.ok()) << stream.error().message;
  auto encoder = RowEncoder::make(stream.value()->schema(), {Format::kBinary}, {});
  ASSERT_TRUE(encoder.ok());
  auto chunk = stream.value()->next();
  ASSERT_TRUE(chunk.ok() && chunk.value());
  std::string out = "kept";
  auto appended = encoder->append_data_rows(*chunk.value(), out);
  ASSERT_FALSE(appended.ok());
  EXPECT_EQ(appended.error().kind, ErrorKind::kOutOfRange);
  EXPECT_EQ(appended.error().message, "date out of range");
  EXPECT_EQ(out, "kept");
}

}  // namespace
}  // namespace duckwire::encode::pg
