// DuckDB results written as Quack DataChunks straight from their vectors, read back by the decoder.
#include <gtest/gtest.h>

#include "duckdb_test_support.hpp"
#include "protocols/quack/data_chunk.hpp"
#include "protocols/quack/data_chunk_writer.hpp"
#include "protocols/quack/result_chunks.hpp"

namespace duckwire::quack {
namespace {

class QuackResultChunks : public ::testing::Test {
 protected:
  // The first chunk of `sql`, encoded and decoded again.
  DecodedChunk round_trip(const std::string& sql, std::string& bytes) {
    auto result = session_->execute(sql);
    EXPECT_TRUE(result.ok()) << result.error().message;
    auto types = result_types(result.value()->schema().columns);
    EXPECT_TRUE(types.ok()) << types.error().message;
    auto chunk = result.value()->next_vectors();
    EXPECT_TRUE(chunk.ok() && chunk.value());
    auto encoded = encode_chunk(*chunk.value(), types.value());
    EXPECT_TRUE(encoded.ok()) << encoded.error().message;
    bytes = std::move(encoded).value();
    auto decoded = decode_data_chunk(bytes);
    EXPECT_TRUE(decoded.ok()) << decoded.error().message;
    return std::move(decoded).value();
  }

  TestEngine engine_;
  std::unique_ptr<Session>& session_ = engine_.session;
};

TEST_F(QuackResultChunks, EveryKindOfVectorRoundTrips) {
  std::string bytes;
  const DecodedChunk chunk = round_trip(
      "SELECT * FROM (VALUES (1::INTEGER, 'short', 'a string longer than twelve', [1, 2]::INTEGER[],"
      " {'a': 1::INTEGER}, MAP {'k': 5::INTEGER}, [7, 8]::INTEGER[2], 2.5::DECIMAL(4,1)),"
      " (NULL, NULL, 'x', NULL, NULL, NULL, NULL, NULL)) t(i, s, l, li, st, m, a, d)",
      bytes);
  ASSERT_EQ(chunk.row_count, 2u);
  ASSERT_EQ(chunk.types.size(), 8u);
  EXPECT_EQ(chunk.types[0].id, LogicalTypeId::kInteger);
  EXPECT_EQ(chunk.types[3].id, LogicalTypeId::kList);
  EXPECT_EQ(chunk.types[5].id, LogicalTypeId::kMap);
  EXPECT_EQ(chunk.types[6].id, LogicalTypeId::kArray);
  EXPECT_EQ(chunk.types[7].decimal_width, 4);
  // The decoder's own re-encoding of what it read gives the same bytes: nothing was lost.
  auto again = encode_data_chunk(chunk);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again.value(), bytes);
}

TEST_F(QuackResultChunks, ColumnsQuackCannotCarryAreNamed) {
  auto types = result_types({Column{"g", ColumnType{TypeId::kOther}}});
  ASSERT_FALSE(types.ok());
  EXPECT_NE(types.error().message.find("column \"g\""), std::string::npos) << types.error().message;
}

}  // namespace
}  // namespace duckwire::quack
