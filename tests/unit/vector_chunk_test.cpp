// DuckDB results read in DuckDB's own vector layout (ResultStream::next_vectors), for the Quack door.
#include <gtest/gtest.h>

#include <cstring>

#include "duckdb_test_support.hpp"

namespace duckwire {
namespace {

class VectorChunkTest : public ::testing::Test {
 protected:
  VectorChunk first_chunk(const std::string& sql) {
    auto result = session_->execute(sql);
    EXPECT_TRUE(result.ok()) << result.error().message;
    stream_ = std::move(result).value();
    auto chunk = stream_->next_vectors();
    EXPECT_TRUE(chunk.ok()) << chunk.error().message;
    EXPECT_TRUE(chunk.value().has_value());
    return std::move(*chunk.value());
  }
  template <class T>
  static T at(const VectorView& view, uint64_t row) {
    T value;
    std::memcpy(&value, static_cast<const char*>(view.data) + row * sizeof(T), sizeof(T));
    return value;
  }

  TestEngine engine_;
  std::unique_ptr<Session>& session_ = engine_.session;
  std::unique_ptr<ResultStream> stream_;
};

TEST_F(VectorChunkTest, FixedWidthValuesStringsAndNulls) {
  const VectorChunk chunk = first_chunk(
      "SELECT * FROM (VALUES (1::INTEGER, 'short', 2.5::DECIMAL(4,1), 170141183460469231731687303715884105727::HUGEINT),"
      " (NULL, 'a string longer than twelve bytes', NULL, -1::HUGEINT)) t(i, s, d, h)");
  ASSERT_EQ(chunk.rows, 2u);
  ASSERT_EQ(chunk.columns.size(), 4u);
  EXPECT_EQ(at<int32_t>(chunk.columns[0], 0), 1);
  EXPECT_TRUE(chunk.columns[0].valid(0));
  EXPECT_FALSE(chunk.columns[0].valid(1));
  EXPECT_EQ(string_at(chunk.columns[1], 0), "short");
  EXPECT_EQ(string_at(chunk.columns[1], 1), "a string longer than twelve bytes");
  EXPECT_EQ(at<int16_t>(chunk.columns[2], 0), 25);  // DECIMAL(4,1): int16 unscaled
  EXPECT_FALSE(chunk.columns[2].valid(1));
  // HUGEINT: 16 bytes per value, the lower 64 bits first.
  EXPECT_EQ(at<uint64_t>(chunk.columns[3], 0), ~uint64_t{0});
  EXPECT_EQ(at<int64_t>(chunk.columns[3], 1), INT64_MAX);  // the upper half of 2^127 - 1
  EXPECT_EQ(at<int64_t>(chunk.columns[3], 3), -1);         // the upper half of -1
}

TEST_F(VectorChunkTest, NestedVectorsHaveTheirChildren) {
  const VectorChunk chunk = first_chunk(
      "SELECT [10, 20, 30]::INTEGER[] AS l, {'a': 7::INTEGER, 'b': 'x'} AS s, MAP {'k': 5::INTEGER} AS m,"
      " [1, 2]::INTEGER[2] AS a, union_value(num := 9::INTEGER)::UNION(num INTEGER, str VARCHAR) AS u");
  ASSERT_EQ(chunk.rows, 1u);
  const VectorView& list = chunk.columns[0];
  EXPECT_EQ(list.child_rows, 3u);
  EXPECT_EQ(at<uint64_t>(list, 0), 0u);  // offset
  EXPECT_EQ(at<uint64_t>(list, 1), 3u);  // length (the second word of row 0's entry)
  EXPECT_EQ(at<int32_t>(list.children[0], 2), 30);
  const VectorView& strukt = chunk.columns[1];
  ASSERT_EQ(strukt.children.size(), 2u);
  EXPECT_EQ(at<int32_t>(strukt.children[0], 0), 7);
  EXPECT_EQ(string_at(strukt.children[1], 0), "x");
  const VectorView& map = chunk.columns[2];
  ASSERT_EQ(map.children.size(), 1u);
  ASSERT_EQ(map.children[0].children.size(), 2u);
  EXPECT_EQ(string_at(map.children[0].children[0], 0), "k");
  EXPECT_EQ(at<int32_t>(map.children[0].children[1], 0), 5);
  const VectorView& array = chunk.columns[3];
  EXPECT_EQ(array.child_rows, 2u);
  EXPECT_EQ(at<int32_t>(array.children[0], 1), 2);
  const VectorView& union_view = chunk.columns[4];
  ASSERT_EQ(union_view.children.size(), 3u);  // tag, num, str
  EXPECT_EQ(at<uint8_t>(union_view.children[0], 0), 0);
  EXPECT_EQ(at<int32_t>(union_view.children[1], 0), 9);
}

TEST_F(VectorChunkTest, ChunksAreNeverEmptyAndTheEndIsNullopt) {
  auto result = session_->execute("SELECT * FROM range(5000) WHERE range % 2 = 0");
  ASSERT_TRUE(result.ok());
  uint64_t rows = 0;
  int64_t sum = 0;
  while (true) {
    auto chunk = result.value()->next_vectors();
    ASSERT_TRUE(chunk.ok());
    if (!chunk.value()) break;
    ASSERT_GT(chunk.value()->rows, 0u);
    ASSERT_LE(chunk.value()->rows, 2048u);
    for (uint64_t row = 0; row < chunk.value()->rows; ++row) sum += at<int64_t>(chunk.value()->columns[0], row);
    rows += chunk.value()->rows;
  }
  EXPECT_EQ(rows, 2500u);
  EXPECT_EQ(sum, 2500LL * 4998 / 2);
}

}  // namespace
}  // namespace duckwire
