#include "protocols/stream/messages.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <string>

namespace duckwire::stream {
namespace {

template <class T>
const T& as(const ClientMessage& message) {
  const T* value = std::get_if<T>(&message);
  if (value == nullptr) {
    const auto* invalid = std::get_if<InvalidMessage>(&message);
    ADD_FAILURE() << "unexpected message kind"
                  << (invalid != nullptr ? ": " + invalid->error : std::string());
    static const T empty{};
    return empty;
  }
  return *value;
}

std::string error_of(const ClientMessage& message) {
  return as<InvalidMessage>(message).error;
}

size_t chunk_rows_of(const std::string& value) {
  const auto parsed =
      parse_client_message(R"({"type":"query","data":{"sql":"SELECT 1","chunk_rows":)" + value + "}}");
  return as<QueryMessage>(parsed).chunk_rows;
}

TEST(StreamMessages, QueryWithEverything) {
  const auto parsed = parse_client_message(
      R"({"type":"query","data":{"sql":"SELECT $1","query_id":"q1","chunk_rows":50,"params":[7]}})");
  const auto& query = as<QueryMessage>(parsed);
  EXPECT_EQ(query.sql, "SELECT $1");
  EXPECT_EQ(query.query_id, "q1");
  EXPECT_EQ(query.chunk_rows, 50u);
  ASSERT_EQ(query.call.parameter_sets.size(), 1u);
}

TEST(StreamMessages, QueryDefaultsAndNumericId) {
  const auto parsed = parse_client_message(R"({"type":"query","data":{"sql":"SELECT 1","query_id":42}})");
  const auto& query = as<QueryMessage>(parsed);
  EXPECT_EQ(query.query_id, "42");
  EXPECT_EQ(query.chunk_rows, kDefaultChunkRows);
  EXPECT_TRUE(query.call.parameter_sets.empty());
}

TEST(StreamMessages, ChunkRowsAreClampedToOneThroughHundredThousand) {
  EXPECT_EQ(chunk_rows_of("0"), 1u);
  EXPECT_EQ(chunk_rows_of("-5"), 1u);
  EXPECT_EQ(chunk_rows_of("1000000000"), kMaxChunkRows);
  EXPECT_EQ(chunk_rows_of("1e300"), kMaxChunkRows);
  EXPECT_EQ(chunk_rows_of("250.9"), 250u);
  EXPECT_EQ(chunk_rows_of("100000"), 100000u);
}

TEST(StreamMessages, NonNumericChunkRowsIsAnError) {
  for (const char* value : {R"("10")", "true", "null", "[1]"}) {
    const auto parsed = parse_client_message(
        std::string(R"({"type":"query","data":{"sql":"SELECT 1","query_id":"a","chunk_rows":)") + value +
        "}}");
    EXPECT_NE(error_of(parsed).find("chunk_rows must be a number"), std::string::npos) << value;
    EXPECT_EQ(as<InvalidMessage>(parsed).query_id, "a");
  }
}

TEST(StreamMessages, QuestionWithoutSqlIsRefused) {
  const auto parsed = parse_client_message(R"({"type":"query","data":{"question":"how many users?"}})");
  EXPECT_NE(error_of(parsed).find("natural-language questions are not supported"), std::string::npos);
}

TEST(StreamMessages, BadEnvelopes) {
  EXPECT_NE(error_of(parse_client_message("not json")).find("invalid JSON"), std::string::npos);
  EXPECT_NE(error_of(parse_client_message("[1]")).find("JSON object"), std::string::npos);
  EXPECT_NE(error_of(parse_client_message(R"({"data":{}})")).find("no \"type\""), std::string::npos);
  EXPECT_EQ(error_of(parse_client_message(R"({"type":"explode","data":{}})")),
            "unknown message type: explode");
  EXPECT_EQ(error_of(parse_client_message(R"({"type":"query"})")), "query message has no \"data\" object");
  EXPECT_EQ(error_of(parse_client_message(R"({"type":"query","data":{}})")), "query needs \"sql\"");
  EXPECT_EQ(error_of(parse_client_message(R"({"type":"query","data":{"sql":1}})")), "sql must be a string");
}

TEST(StreamMessages, PingNeedsNoData) {
  EXPECT_TRUE(std::holds_alternative<PingMessage>(parse_client_message(R"({"type":"ping"})")));
  EXPECT_TRUE(std::holds_alternative<PingMessage>(parse_client_message(R"({"type":"ping","data":{}})")));
}

TEST(StreamMessages, AuthForms) {
  EXPECT_EQ(as<AuthMessage>(parse_client_message(R"({"type":"auth","data":{"token":"t"}})")).token, "t");
  EXPECT_EQ(as<AuthMessage>(parse_client_message(R"({"type":"auth","data":{"session_id":"s"}})")).token, "s");
  const auto user = parse_client_message(R"({"type":"auth","data":{"user":"ann","password":"pw"}})");
  EXPECT_EQ(as<AuthMessage>(user).user, "ann");
  EXPECT_EQ(as<AuthMessage>(user).password, "pw");
  EXPECT_NE(error_of(parse_client_message(R"({"type":"auth","data":{}})")).find("auth needs a token"),
            std::string::npos);
}

TEST(StreamMessages, CancelAndSubscriptions) {
  EXPECT_EQ(as<CancelMessage>(parse_client_message(R"({"type":"cancel","data":{"query_id":"q"}})")).query_id,
            "q");
  EXPECT_EQ(error_of(parse_client_message(R"({"type":"cancel","data":{}})")), "cancel needs a query_id");
  const auto subscribe =
      parse_client_message(R"({"type":"subscribe","data":{"events":["query_completed"]}})");
  EXPECT_TRUE(as<SubscriptionMessage>(subscribe).subscribe);
  EXPECT_EQ(as<SubscriptionMessage>(subscribe).events, std::vector<std::string>{"query_completed"});
  const auto unsubscribe =
      parse_client_message(R"({"type":"unsubscribe","data":{"events":["query_completed"]}})");
  EXPECT_FALSE(as<SubscriptionMessage>(unsubscribe).subscribe);
  EXPECT_NE(error_of(parse_client_message(R"({"type":"subscribe","data":{"events":["nope"]}})"))
                .find("unknown event: nope"),
            std::string::npos);
}

TEST(StreamMessages, BatchIsBounded) {
  const auto batch = parse_client_message(
      R"({"type":"batch","data":{"messages":[{"type":"ping"},{"type":"query","data":{"sql":"SELECT 1"}}]}})");
  EXPECT_EQ(as<BatchMessage>(batch).messages.size(), 2u);
  std::string many = R"({"type":"batch","data":{"messages":[)";
  for (size_t i = 0; i <= kMaxBatchMessages; ++i)
    many += i == 0 ? R"({"type":"ping"})" : R"(,{"type":"ping"})";
  many += "]}}";
  EXPECT_EQ(error_of(parse_client_message(many)), "batch too large: 1001 messages (at most 1000)");
  EXPECT_EQ(error_of(parse_client_message(
                R"({"type":"batch","data":{"messages":[{"type":"batch","data":{"messages":[]}}]}})")),
            "a batch cannot hold another batch");
}

}  // namespace
}  // namespace duckwire::stream
