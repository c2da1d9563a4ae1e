#include "protocols/stream/chunk_messages.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <memory>

#include "backend/duckdb/duckdb_backend.hpp"
#include "encode/json_writer.hpp"
#include "encode_test_support.hpp"

namespace duckwire::stream {
namespace {

namespace json = boost::json;

class ChunkMessagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::string> warnings;
    backend_ = open_duckdb_backend(BackendOptions{}, warnings).value();
    session_ = backend_->connect().value();
  }

  // The messages of `sql`'s result in chunks of `chunk_rows`, parsed.
  std::vector<json::object> messages(const std::string& sql, size_t chunk_rows) {
    auto stream = session_->execute(sql);
    EXPECT_TRUE(stream.ok()) << sql;
    if (!stream.ok()) return {};
    ChunkMessageEncoder encoder(stream.value()->schema(), "q", chunk_rows, std::chrono::steady_clock::now());
    std::string out;
    EXPECT_TRUE(encoder.begin(out).ok());
    while (true) {
      auto chunk = stream.value()->next();
      EXPECT_TRUE(chunk.ok());
      if (!chunk.ok() || !chunk.value()) break;
      EXPECT_TRUE(encoder.write(*chunk.value(), out).ok());
    }
    EXPECT_TRUE(encoder.finish(out).ok());
    EXPECT_EQ(out.back(), '\n');
    std::vector<json::object> parsed;
    for (std::string_view message : split_messages(out)) parsed.push_back(json::parse(message).as_object());
    return parsed;
  }

  // The same rows as /sql's plain application/json writes them.
  std::string plain_rows(const std::string& sql) {
    return encode::encode_query(*session_, sql, [](const ResultSchema& schema) {
      return encode::JsonWriter(schema, encode::JsonLayout::kRowArrays, encode::JsonValueStyle::kPlain);
    });
  }

  std::unique_ptr<Backend> backend_;
  std::unique_ptr<Session> session_;
};

TEST_F(ChunkMessagesTest, RowsAreRecutIntoChunksOfTheAskedSize) {
  // DuckDB hands out chunks of 2048 rows: 5000 rows in chunks of 1000 cross their borders.
  const auto sent = messages("SELECT range AS n FROM range(5000)", 1000);
  ASSERT_EQ(sent.size(), 6u);
  int64_t expected = 0;
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(sent[i].at("type"), "result_chunk");
    const json::object& data = sent[i].at("data").as_object();
    EXPECT_EQ(data.at("query_id"), "q");
    EXPECT_EQ(data.at("chunk").as_int64(), static_cast<int64_t>(i + 1));
    EXPECT_EQ(data.contains("columns"), i == 0);
    EXPECT_EQ(data.contains("types"), i == 0);
    const json::array& rows = data.at("rows").as_array();
    ASSERT_EQ(rows.size(), 1000u);
    for (const json::value& row : rows) EXPECT_EQ(row.as_array().at(0).as_int64(), expected++);
  }
  const json::object& first = sent[0].at("data").as_object();
  EXPECT_EQ(json::serialize(first.at("columns")), R"(["n"])");
  EXPECT_EQ(json::serialize(first.at("types")), R"(["BIGINT"])");
  EXPECT_EQ(sent[5].at("type"), "result_complete");
  const json::object& complete = sent[5].at("data").as_object();
  EXPECT_EQ(complete.at("total_rows").as_int64(), 5000);
  EXPECT_EQ(complete.at("total_chunks").as_int64(), 5);
  EXPECT_GE(complete.at("execution_time_ms").to_number<double>(), 0);
}

TEST_F(ChunkMessagesTest, LastChunkHoldsTheRest) {
  const auto sent = messages("SELECT range AS n FROM range(2500)", 1000);
  ASSERT_EQ(sent.size(), 4u);
  EXPECT_EQ(sent[2].at("data").at("rows").as_array().size(), 500u);
  EXPECT_EQ(sent[3].at("data").at("total_chunks").as_int64(), 3);
}

TEST_F(ChunkMessagesTest, EmptyResultStillNamesItsColumns) {
  const auto sent = messages("SELECT 1 AS a, 'x' AS b WHERE false", 1000);
  ASSERT_EQ(sent.size(), 2u);
  const json::object& data = sent[0].at("data").as_object();
  EXPECT_EQ(json::serialize(data.at("columns")), R"(["a","b"])");
  EXPECT_EQ(json::serialize(data.at("types")), R"(["INTEGER","VARCHAR"])");
  EXPECT_TRUE(data.at("rows").as_array().empty());
  EXPECT_EQ(sent[1].at("data").at("total_rows").as_int64(), 0);
  EXPECT_EQ(sent[1].at("data").at("total_chunks").as_int64(), 1);
}

TEST_F(ChunkMessagesTest, ValuesAreWrittenAsSlashSqlPlainJson) {
  const std::string sql =
      "SELECT DATE '2001-02-03' AS d, 12345678901234567890::HUGEINT AS h, 'a\nb' AS s, "
      "'\\x01'::BLOB AS b, TIMETZ '10:00:00+02' AS t, [1, 2] AS l FROM range(3)";
  const auto sent = messages(sql, 2);
  ASSERT_EQ(sent.size(), 3u);
  json::array rows = sent[0].at("data").at("rows").as_array();
  for (const json::value& row : sent[1].at("data").at("rows").as_array()) rows.push_back(row);
  EXPECT_EQ(json::serialize(rows), json::serialize(json::parse(plain_rows(sql))));
}

TEST(SplitMessages, CutsAtNewlines) {
  EXPECT_EQ(split_messages("a\nb\n"), (std::vector<std::string_view>{"a", "b"}));
  EXPECT_EQ(split_messages("a"), (std::vector<std::string_view>{"a"}));
  EXPECT_TRUE(split_messages("").empty());
}

}  // namespace
}  // namespace duckwire::stream
