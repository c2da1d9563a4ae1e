#include "backend/duckdb/parquet_writer.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "backend/duckdb/server_sql.hpp"
#include "duckdb_test_support.hpp"
#include "parquet_test_support.hpp"
#include "scratch_directory.hpp"

namespace duckwire {
namespace {

namespace fs = std::filesystem;

// One value of every type a client is likely to download, NULLs in the second row.
constexpr const char* kAllTypes = R"(
  SELECT * FROM (VALUES
    (42::INTEGER, 9007199254740993::BIGINT, 170141183460469231731687303715884105727::HUGEINT, 1.5::DOUBLE,
     123456789012345.678::DECIMAL(18,3), 'héllo'::VARCHAR, true, DATE '2024-02-29',
     TIMESTAMP '2024-01-02 03:04:05.123456', TIMESTAMPTZ '2024-01-02 03:04:05.5+02', '\xAA\x00\xFF'::BLOB,
     UUID '6ba7b810-9dad-11d1-80b4-00c04fd430c8', [1, NULL, 3], {'a': 1, 'b': 'x'}, MAP {'k': 1, 'l': NULL},
     'sad'::ENUM('happy', 'sad'), TIME '01:02:03.5', TIMETZ '01:02:03+05:30', INTERVAL '1 month 2 days 3 seconds',
     340282366920938463463374607431768211455::UHUGEINT, [UUID '00000000-0000-0000-0000-000000000001'],
     '{"a": [1, 2]}'::JSON, '10110'::BIT, [1.5, 2.5]::DOUBLE[2], TIMESTAMP_NS '2024-01-01 00:00:00.123456789',
     1::UNION(i INTEGER, s VARCHAR), 12.5::FLOAT, -3::TINYINT, 200::UTINYINT),
    (NULL, NULL, -170141183460469231731687303715884105727::HUGEINT, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
     NULL, NULL, NULL, NULL, NULL, NULL, NULL, TIMETZ '23:30:00-08', NULL, NULL, NULL, NULL, NULL, NULL, NULL,
     'text'::UNION(i INTEGER, s VARCHAR), NULL, NULL, NULL)
  ) AS t(i, b, h, d, dec, s, bo, dt, ts, tz, bl, u, l, st, m, e, ti, ttz, iv, uh, ul, j, bt, arr, tns, un, f,
         tiny, utiny)
)";

class ParquetWriterTest : public ::testing::Test {
 protected:
  ParquetWriterTest() : writer_(open_parquet_writer(scratch_.path).value()) {}

  // Writes `sql`'s result through the writer (from its Arrow chunks) and DuckDB's own COPY of it.
  void write_both(const std::string& sql) {
    auto stream = engine_.session->execute(sql);
    ASSERT_TRUE(stream) << stream.error().message;
    ResultStream& rows = *stream.value();
    const ChunkSource next = [&rows] { return rows.next(); };
    auto written = writer_->write_parquet(rows.schema(), next, via_);
    ASSERT_TRUE(written) << written.error().message;
    reference_.run("COPY (" + sql + ") TO " + sql_literal(direct_) + " (FORMAT parquet)");
  }

  ScratchDirectory scratch_;
  TestEngine engine_;
  std::unique_ptr<ResultFileWriter> writer_;
  ParquetReference reference_;
  std::string via_ = scratch_.path + "/via.parquet";
  std::string direct_ = scratch_.path + "/direct.parquet";
};

TEST_F(ParquetWriterTest, WritesEveryTypeAsDuckDbsOwnCopyDoes) {
  write_both(kAllTypes);
  EXPECT_EQ(reference_.file_schema(via_), reference_.file_schema(direct_));
  EXPECT_EQ(reference_.read_types(via_), reference_.read_types(direct_));
  const auto rows = reference_.rows(via_);
  EXPECT_EQ(rows, reference_.rows(direct_));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_NE(rows[0].find("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), std::string::npos) << rows[0];
  EXPECT_NE(rows[0].find("19:32:03+00"), std::string::npos) << rows[0];  // 01:02:03+05:30 in UTC
  EXPECT_NE(rows[0].find("10110"), std::string::npos) << rows[0];
}

TEST_F(ParquetWriterTest, KeepsTheColumnsOfAnEmptyResult) {
  write_both(
      "SELECT 1::INTEGER AS a, 'x' AS b, [UUID '00000000-0000-0000-0000-000000000001'] AS c WHERE false");
  EXPECT_EQ(reference_.read_types(via_), reference_.read_types(direct_));
  EXPECT_EQ(reference_.digest(via_), "0 0");
}

TEST_F(ParquetWriterTest, WritesManyChunksInOrder) {
  write_both(
      "SELECT range AS n, 'value ' || range AS s, range * 0.5 AS d, "
      "CASE WHEN range % 7 = 0 THEN NULL ELSE range END AS maybe FROM range(2000000)");
  EXPECT_EQ(reference_.digest(via_), reference_.digest(direct_));
  EXPECT_EQ(reference_.texts("SELECT count(*) FROM read_parquet('" + via_ + "') WHERE n <> s[7:]::BIGINT"),
            std::vector<std::string>{"0"});
  EXPECT_EQ(reference_.texts("SELECT max(n) FROM read_parquet('" + via_ + "')"),
            std::vector<std::string>{"1999999"});
}

TEST_F(ParquetWriterTest, NamesDuplicateColumnsAsCopyDoes) {
  write_both("SELECT 1 AS a, 'x' AS a, 2 AS \"A\"");
  EXPECT_EQ(reference_.read_types(via_), reference_.read_types(direct_));
  EXPECT_EQ(reference_.rows(via_), reference_.rows(direct_));
}

// A struct's member names and an enum's values are the client's: they are quoted in the writer's casts,
// never read as SQL (unquoted, the first would cast to STRUCT("x" VARCHAR, "y" UUID)).
TEST_F(ParquetWriterTest, QuotesTheClientsNamesAndValuesInTheTypesItCastsTo) {
  write_both(
      "SELECT {'x\" VARCHAR, \"y': UUID '6ba7b810-9dad-11d1-80b4-00c04fd430c8'} AS s, "
      "'it''s'::ENUM('it''s', 'b'')) AS e, (SELECT 1') AS e, "
      "[UUID '00000000-0000-0000-0000-000000000001'] AS u");
  EXPECT_EQ(reference_.read_types(via_), reference_.read_types(direct_));
  EXPECT_EQ(reference_.rows(via_), reference_.rows(direct_));
  EXPECT_EQ(reference_.read_types(via_).front(), "s STRUCT(\"x\"\" VARCHAR, \"\"y\" UUID)");
}

// Arrow carries no offsets inside nested values: a nested TIMETZ arrives as the time of day it had at
// its own offset, as TIME (docs/protocols/jsonrpc-sql.md says so).
TEST_F(ParquetWriterTest, WritesNestedTimeTzAsItsTimeOfDay) {
  write_both("SELECT [TIMETZ '01:02:03+05'] AS times");
  EXPECT_EQ(reference_.read_types(via_), std::vector<std::string>{"times TIME[]"});
  EXPECT_EQ(reference_.rows(via_), std::vector<std::string>{"{'times': ['01:02:03']}"});
}

TEST_F(ParquetWriterTest, EndsWithTheErrorOfTheResult) {
  auto stream = engine_.session->execute("SELECT range AS n FROM range(10)");
  ASSERT_TRUE(stream);
  int calls = 0;
  const ChunkSource failing = [&]() -> Result<std::optional<Chunk>> {
    if (++calls == 1) return stream.value()->next();
    return Error{ErrorKind::kTimeout, "statement timeout: the statement did not finish within 5 ms"};
  };
  auto written = writer_->write_parquet(stream.value()->schema(), failing, via_);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().kind, ErrorKind::kTimeout);
  EXPECT_EQ(written.error().message, "statement timeout: the statement did not finish within 5 ms");
}

TEST_F(ParquetWriterTest, WritesOnlyInItsDirectory) {
  auto stream = engine_.session->execute("SELECT 1 AS a");
  ASSERT_TRUE(stream);
  const ChunkSource next = [&] { return stream.value()->next(); };
  const std::string outside = (fs::temp_directory_path() / "duckwire-parquet-outside.parquet").string();
  auto written = writer_->write_parquet(stream.value()->schema(), next, outside);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().kind, ErrorKind::kPermission) << written.error().message;
  EXPECT_FALSE(fs::exists(outside));
}

}  // namespace
}  // namespace duckwire
