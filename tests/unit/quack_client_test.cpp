// The Quack client library against duckwire's Quack service over HTTP, and against servers that answer
// with anything but a good reply.
#include "clients/quack/quack_client.hpp"

#include <gtest/gtest.h>

#include <cstring>

#include "protocols/quack/data_chunk_writer.hpp"
#include "quack_test_http_server.hpp"
#include "quack_test_service_server.hpp"

namespace duckwire::quack_client {
namespace {

using quack::DecodedChunk;
using quack::LogicalTypeId;
using quack::MessageType;
using quack::testing::kTestToken;
using quack::testing::QuackServiceServer;
using quack::testing::TestHttpServer;

Endpoint endpoint_of(const std::string& target) {
  return parse_endpoint(target).value();
}

int64_t bigint_at(const DecodedChunk& chunk, size_t column, uint64_t row) {
  int64_t value;
  std::memcpy(&value, chunk.columns[column].data.data() + row * 8, 8);
  return value;
}

struct Drained {
  uint64_t rows = 0;
  uint64_t chunks = 0;
  int64_t sum = 0;
};

Result<Drained> drain(QueryResult& result) {
  Drained drained;
  while (true) {
    auto chunk = result.next_chunk();
    if (!chunk) return chunk.error();
    if (chunk.value() == nullptr) return drained;
    ++drained.chunks;
    drained.rows += chunk.value()->row_count;
    for (uint64_t row = 0; row < chunk.value()->row_count; ++row)
      drained.sum += bigint_at(*chunk.value(), 0, row);
  }
}

TEST(QuackClient, ConnectsQueriesAndDisconnects) {
  QuackServiceServer server;
  auto client = QuackClient::connect(endpoint_of(server.target()), kTestToken);
  ASSERT_TRUE(client.ok()) << client.error().message;
  EXPECT_EQ(client->connection_id().size(), 32u);
  EXPECT_EQ(client->server().server_duckdb_version, "v1.5.6");

  auto result = client->query("SELECT 42::BIGINT AS answer, 'hi' AS greeting");
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->names(), (std::vector<std::string>{"answer", "greeting"}));
  ASSERT_EQ(result->types().size(), 2u);
  EXPECT_EQ(result->types()[0].id, LogicalTypeId::kBigInt);
  EXPECT_EQ(result->types()[1].id, LogicalTypeId::kVarchar);
  auto chunk = result->next_chunk();
  ASSERT_TRUE(chunk.ok() && chunk.value() != nullptr);
  EXPECT_EQ(chunk.value()->row_count, 1u);
  EXPECT_EQ(bigint_at(*chunk.value(), 0, 0), 42);
  EXPECT_EQ(chunk.value()->columns[1].strings[0], "hi");
  EXPECT_EQ(result->next_chunk().value(), nullptr);
  EXPECT_EQ(result->next_chunk().value(), nullptr);  // and stays exhausted

  EXPECT_TRUE(client->disconnect().ok());
  auto after = client->query("SELECT 1");
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().message, "the Quack connection has been disconnected");
}

TEST(QuackClient, RequestsEchoTheConnectionIdAndCountTheirQueryIds) {
  QuackServiceServer server;
  auto client = QuackClient::connect(endpoint_of(server.target()), kTestToken);
  ASSERT_TRUE(client.ok());
  auto result = client->query("SELECT 1");
  ASSERT_TRUE(result.ok());
  ASSERT_TRUE(client->disconnect().ok());
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].type, MessageType::kConnectionRequest);
  EXPECT_EQ(requests[0].header.connection_id, "");
  EXPECT_EQ(requests[1].type, MessageType::kPrepareRequest);
  EXPECT_EQ(requests[1].header.connection_id, client->connection_id());
  EXPECT_EQ(requests[1].header.client_query_id, 1u);
  EXPECT_EQ(requests[2].type, MessageType::kDisconnectMessage);
  EXPECT_EQ(requests[2].header.client_query_id, 2u);
  EXPECT_EQ(server.http().connections(), 1);  // one keep-alive connection for everything
}

TEST(QuackClient, LargeResultsArriveChunkByChunkThroughFetches) {
  QuackServiceServer server(1);  // one chunk per reply: every chunk after the first is a FETCH
  auto client = QuackClient::connect(endpoint_of(server.target()), kTestToken);
  ASSERT_TRUE(client.ok());
  auto result = client->query("SELECT range AS n FROM range(100000)");
  ASSERT_TRUE(result.ok()) << result.error().message;
  auto drained = drain(result.value());
  ASSERT_TRUE(drained.ok()) << drained.error().message;
  EXPECT_EQ(drained->rows, 100000u);
  EXPECT_EQ(drained->sum, int64_t{100000} * 99999 / 2);
  EXPECT_GE(drained->chunks, 100000u / 2048);
  size_t fetches = 0;
  for (const auto& request : server.requests()) fetches += request.type == MessageType::kFetchRequest;
  EXPECT_GE(fetches, drained->chunks - 1);
}

TEST(QuackClient, AnEmptyResultHasItsColumnsAndNoChunks) {
  QuackServiceServer server;
  auto client = QuackClient::connect(endpoint_of(server.target()), kTestToken);
  ASSERT_TRUE(client.ok());
  auto result = client->query("SELECT 1::INTEGER AS a, 'x' AS b WHERE false");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->names(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(result->next_chunk().value(), nullptr);
}

TEST(QuackClient, ServerErrorsCarryTheServersMessage) {
  QuackServiceServer server;
  auto refused = QuackClient::connect(endpoint_of(server.target()), "wrong");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(refused.error().message, "Authentication failed");

  auto client = QuackClient::connect(endpoint_of(server.target()), kTestToken);
  ASSERT_TRUE(client.ok());
  auto bad = client->query("SELECT * FROM no_such_table");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(bad.error().message.find("no_such_table"), std::string::npos) << bad.error().message;
  // The connection goes on after an error.
  auto good = client->query("SELECT 7::BIGINT");
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(bigint_at(*good->next_chunk().value(), 0, 0), 7);
}

TEST(QuackClient, ALaterQueryClosesTheEarlierResult) {
  QuackServiceServer server(1);
  auto client = QuackClient::connect(endpoint_of(server.target()), kTestToken);
  ASSERT_TRUE(client.ok());
  auto first = client->query("SELECT range FROM range(10000)");
  ASSERT_TRUE(first.ok());
  auto second = client->query("SELECT 1::BIGINT");
  ASSERT_TRUE(second.ok());
  ASSERT_NE(first->next_chunk().value(), nullptr);  // the chunk that came with the PREPARE_RESPONSE
  auto closed = first->next_chunk();
  ASSERT_FALSE(closed.ok());
  EXPECT_EQ(closed.error().message, "the result was closed by a later query on the same connection");
  EXPECT_EQ(first->next_chunk().error().message, closed.error().message);  // and stays failed
  EXPECT_EQ(bigint_at(*second->next_chunk().value(), 0, 0), 1);
}

TEST(QuackClient, AppendsAChunkTheServerCastsToTheTablesTypes) {
  QuackServiceServer server;
  auto client = QuackClient::connect(endpoint_of(server.target()), kTestToken);
  ASSERT_TRUE(client.ok());
  ASSERT_TRUE(client->query("CREATE TABLE t (id BIGINT, name VARCHAR)").ok());

  const std::vector<quack::LogicalType> types(2, quack::LogicalType::of(LogicalTypeId::kVarchar));
  const std::vector<std::string_view> ids = {"1", "2", "3"};
  const std::vector<std::string_view> names = {"a", "", "c"};
  const uint64_t name_validity = 0b101;  // row 1 is NULL
  quack::EncodedChunk chunk;
  quack::DataChunkWriter writer(chunk);
  writer.begin(3, types);
  writer.string_vector(ids, nullptr);
  writer.string_vector(names, &name_validity);
  ASSERT_TRUE(writer.finish().ok());
  auto appended = client->append("", "t", std::move(chunk));
  ASSERT_TRUE(appended.ok()) << appended.error().message;

  auto result = client->query("SELECT sum(id)::BIGINT, count(name)::BIGINT FROM t");
  ASSERT_TRUE(result.ok());
  const DecodedChunk* row = result->next_chunk().value();
  EXPECT_EQ(bigint_at(*row, 0, 0), 6);
  EXPECT_EQ(bigint_at(*row, 1, 0), 2);

  auto missing = client->append("", "no_such_table", quack::EncodedChunk(chunk));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kInvalidInput);
}

TEST(QuackClient, TransportFailuresSayWhatHappened) {
  auto refused = QuackClient::connect(Endpoint{false, "127.0.0.1", 1, "/quack"}, "");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(refused.error().message, "cannot connect to http://127.0.0.1:1/quack: Connection refused");

  TestHttpServer not_found([](const std::string&) {
    return TestHttpServer::Reply{404, "no such path\nhere"};
  });
  auto status =
      QuackClient::connect(endpoint_of("http://127.0.0.1:" + std::to_string(not_found.port()) + "/x"), "");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(status.error().message, "HTTP 404 Not Found from http://127.0.0.1:" +
                                        std::to_string(not_found.port()) + "/x: no such path here");

  TestHttpServer dropping([](const std::string&) { return TestHttpServer::Reply{200, "", false, true}; });
  auto dropped = QuackClient::connect(endpoint_of(dropping.target()), "");
  ASSERT_FALSE(dropped.ok());
  EXPECT_NE(dropped.error().message.find("closed the connection without a reply"), std::string::npos)
      << dropped.error().message;
}

// A server that answers CONNECTION_REQUEST properly and then whatever `later` says.
std::string connection_response(std::string id = "c1", uint64_t version = 1) {
  return quack::encode(quack::Message{quack::Header{std::move(id), quack::kInvalidIndex},
                                      quack::ConnectionResponse{"v", "p", version}});
}

Error query_error_against(std::function<TestHttpServer::Reply(const std::string&)> later) {
  bool connected = false;
  TestHttpServer server([&](const std::string& body) {
    if (!connected) {
      connected = true;
      return TestHttpServer::Reply{200, connection_response()};
    }
    (void)body;
    return later(body);
  });
  auto client = QuackClient::connect(endpoint_of(server.target()), "");
  if (!client) return client.error();
  auto result = client->query("SELECT 1");
  if (!result) return result.error();
  while (true) {
    auto chunk = result->next_chunk();
    if (!chunk) return chunk.error();
    if (chunk.value() == nullptr) return Error{ErrorKind::kInternal, "no error"};
  }
}

std::string prepare_response(std::vector<quack::LogicalType> types, std::vector<quack::EncodedChunk> chunks,
                             bool needs_more_fetch) {
  quack::PrepareResponse response;
  response.result_names.resize(types.size(), "c");
  response.result_types = std::move(types);
  response.results = std::move(chunks);
  response.needs_more_fetch = needs_more_fetch;
  response.result_uuid = 5;
  return quack::encode(quack::Message{quack::Header{}, std::move(response)});
}

quack::EncodedChunk bigint_chunk(int64_t value) {
  const std::vector<quack::LogicalType> types = {quack::LogicalType::of(LogicalTypeId::kBigInt)};
  quack::EncodedChunk chunk;
  quack::DataChunkWriter writer(chunk);
  writer.begin(1, types);
  writer.fixed_vector(&value, nullptr);
  EXPECT_TRUE(writer.finish().ok());
  return chunk;
}

TEST(QuackClient, HostileRepliesAreClearErrors) {
  auto reply = [](std::string body) {
    return [body](const std::string&) { return TestHttpServer::Reply{200, body}; };
  };
  // Random bytes.
  Error error = query_error_against(reply("\x17\x99garbage"));
  EXPECT_EQ(error.kind, ErrorKind::kIo);
  EXPECT_TRUE(error.message.starts_with("the reply to PREPARE_REQUEST is not a Quack message: "))
      << error.message;
  // A good reply cut short.
  const std::string good =
      prepare_response({quack::LogicalType::of(LogicalTypeId::kBigInt)}, {bigint_chunk(1)}, false);
  for (size_t cut : {size_t{1}, good.size() / 2, good.size() - 1}) {
    error = query_error_against(reply(good.substr(0, cut)));
    EXPECT_EQ(error.kind, ErrorKind::kIo) << cut;
  }
  // A list of 2^40 result types.
  error = query_error_against(
      reply(std::string("\x01\x00\x04\x03\x00\x01\xff\xff\x01\x00\x80\x80\x80\x80\x80\x20", 16)));
  EXPECT_EQ(error.kind, ErrorKind::kIo);
  // The wrong message for the request.
  error =
      query_error_against(reply(quack::encode(quack::Message{quack::Header{}, quack::SuccessResponse{}})));
  EXPECT_EQ(error.message, "the server answered PREPARE_REQUEST with SUCCESS_RESPONSE");
  // A chunk whose columns are not the result's.
  error = query_error_against(
      reply(prepare_response({quack::LogicalType::of(LogicalTypeId::kVarchar)}, {bigint_chunk(1)}, false)));
  EXPECT_EQ(error.message, "a result chunk's columns do not match the result's types");
  // An HTTP error in the middle of a result.
  int calls = 0;
  error = query_error_against([&](const std::string&) {
    if (calls++ == 0) return TestHttpServer::Reply{200, good.substr(0, good.size())};
    return TestHttpServer::Reply{500, "boom"};
  });
  EXPECT_EQ(error.kind, ErrorKind::kInternal);  // needs_more_fetch is false: no FETCH is sent
  calls = 0;
  const std::string more =
      prepare_response({quack::LogicalType::of(LogicalTypeId::kBigInt)}, {bigint_chunk(1)}, true);
  error = query_error_against([&](const std::string&) {
    if (calls++ == 0) return TestHttpServer::Reply{200, more};
    return TestHttpServer::Reply{500, "boom"};
  });
  EXPECT_EQ(error.kind, ErrorKind::kUnavailable);
  EXPECT_TRUE(error.message.starts_with("HTTP 500 Internal Server Error from ")) << error.message;
  EXPECT_TRUE(error.message.ends_with(": boom")) << error.message;
}

TEST(QuackClient, AFetchOfNothingButEmptyChunksEndsTheResult) {
  const std::vector<quack::LogicalType> types = {quack::LogicalType::of(LogicalTypeId::kBigInt)};
  quack::EncodedChunk empty;
  quack::DataChunkWriter writer(empty);
  writer.begin(0, types);
  writer.fixed_vector("", nullptr);
  ASSERT_TRUE(writer.finish().ok());
  int calls = 0;
  TestHttpServer server([&](const std::string&) {
    switch (calls++) {
      case 0:
        return TestHttpServer::Reply{200, connection_response()};
      case 1:
        return TestHttpServer::Reply{200, prepare_response(types, {bigint_chunk(3)}, true)};
      default: {
        quack::FetchResponse fetch{{empty, empty}, 1};
        return TestHttpServer::Reply{200, quack::encode(quack::Message{quack::Header{}, fetch})};
      }
    }
  });
  auto client = QuackClient::connect(endpoint_of(server.target()), "");
  ASSERT_TRUE(client.ok());
  auto result = client->query("SELECT 3");
  ASSERT_TRUE(result.ok());
  auto drained = drain(result.value());
  ASSERT_TRUE(drained.ok());
  EXPECT_EQ(drained->rows, 1u);
  EXPECT_EQ(calls, 3);
}

TEST(QuackClient, ConnectionRepliesAreChecked) {
  auto connect_to = [](std::string reply) {
    TestHttpServer server([reply](const std::string&) { return TestHttpServer::Reply{200, reply}; });
    auto client = QuackClient::connect(endpoint_of(server.target()), "");
    return client.ok() ? std::string("connected") : client.error().message;
  };
  EXPECT_EQ(connect_to(connection_response("c1", 2)),
            "the server speaks Quack version 2; this client speaks version 1");
  EXPECT_EQ(connect_to(connection_response("")), "the server's CONNECTION_RESPONSE has no connection id");
  EXPECT_EQ(connect_to(quack::encode(quack::Message{quack::Header{}, quack::ErrorResponse{""}})),
            "the server reported an error");
  EXPECT_EQ(connect_to(connection_response("c1")), "connected");
}

TEST(QuackClient, AConnectionTheServerDroppedWhileIdleIsReplacedOnce) {
  int calls = 0;
  TestHttpServer server([&](const std::string&) {
    ++calls;
    if (calls == 1) return TestHttpServer::Reply{200, connection_response(), true};  // then closes
    return TestHttpServer::Reply{
        200, prepare_response({quack::LogicalType::of(LogicalTypeId::kBigInt)}, {bigint_chunk(9)}, false)};
  });
  auto client = QuackClient::connect(endpoint_of(server.target()), "");
  ASSERT_TRUE(client.ok());
  auto result = client->query("SELECT 9");
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(bigint_at(*result->next_chunk().value(), 0, 0), 9);
  EXPECT_EQ(server.connections(), 2);

  // A reused connection that dies without a reply is tried again once, on a new connection.
  int answered = 0;
  TestHttpServer flaky([&](const std::string&) {
    ++answered;
    if (answered == 1) return TestHttpServer::Reply{200, connection_response()};
    if (answered == 2) return TestHttpServer::Reply{200, "", false, true};
    return TestHttpServer::Reply{
        200, prepare_response({quack::LogicalType::of(LogicalTypeId::kBigInt)}, {bigint_chunk(4)}, false)};
  });
  auto flaky_client = QuackClient::connect(endpoint_of(flaky.target()), "");
  ASSERT_TRUE(flaky_client.ok());
  auto retried = flaky_client->query("SELECT 4");
  ASSERT_TRUE(retried.ok()) << retried.error().message;
  EXPECT_EQ(bigint_at(*retried->next_chunk().value(), 0, 0), 4);
  EXPECT_EQ(flaky.connections(), 2);
}

TEST(QuackClient, RepliesBeyondTheSizeLimitAreRefused) {
  TestHttpServer server([](const std::string&) {
    return TestHttpServer::Reply{200, std::string(5000, 'x')};
  });
  ClientOptions options;
  options.transport.max_reply_bytes = 1000;
  auto client = QuackClient::connect(endpoint_of(server.target()), "", options);
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.error().message,
            "the reply from " + to_string(endpoint_of(server.target())) + " is larger than 1000 bytes");
}

}  // namespace
}  // namespace duckwire::quack_client
