// Quack messages: the spec's worked bytes both ways, every message type round trip, the requests a
// server refuses, and hostile bytes (truncations, mutations, random input).
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <random>
#include <string>

#include "protocols/quack/data_chunk_writer.hpp"
#include "protocols/quack/messages.hpp"
#include "quack_test_support.hpp"
#include "quack_vector_builders.hpp"

namespace duckwire::quack {
namespace {

using testing::hex;
using testing::to_hex;
using Id = LogicalTypeId;

constexpr std::string_view kConnectionRequestBytes =
    "01 00 01 03 00 ff ff ff ff ff ff ff ff ff 01 ff ff 01 00 01 54 03 00 08 71 75 61 63 6b 2d 74 73 04 00 "
    "01 05 00 "
    "01 ff ff";
constexpr std::string_view kDisconnectBytes = "01 00 0b 02 00 02 63 31 03 00 06 ff ff ff ff";
constexpr std::string_view kErrorResponseBytes =
    "01 00 64 03 00 ff ff ff ff ff ff ff ff ff 01 ff ff 01 00 04 62 6f 6f 6d ff ff";

ConnectionRequest worked_connection_request() {
  ConnectionRequest request;
  request.auth_string = "T";
  request.client_platform = "quack-ts";
  request.min_supported_quack_version = 1;
  request.max_supported_quack_version = 1;
  return request;
}

TEST(QuackMessages, WorkedBytesEncode) {
  EXPECT_EQ(to_hex(encode({Header{}, worked_connection_request()})), kConnectionRequestBytes);
  EXPECT_EQ(to_hex(encode({Header{"c1", 6}, DisconnectMessage{}})), kDisconnectBytes);
  EXPECT_EQ(to_hex(encode({Header{}, ErrorResponse{"boom"}})), kErrorResponseBytes);
}

TEST(QuackMessages, WorkedBytesDecode) {
  const std::string connect_bytes = hex(kConnectionRequestBytes);
  const auto connect = decode(connect_bytes);
  ASSERT_TRUE(connect) << connect.error().message;
  EXPECT_EQ(connect->header, Header{});
  ASSERT_TRUE(std::holds_alternative<ConnectionRequest>(connect->body));
  EXPECT_EQ(std::get<ConnectionRequest>(connect->body), worked_connection_request());

  const std::string disconnect_bytes = hex(kDisconnectBytes);
  const auto disconnect = decode(disconnect_bytes);
  ASSERT_TRUE(disconnect) << disconnect.error().message;
  EXPECT_EQ(disconnect->header, (Header{"c1", 6}));
  EXPECT_TRUE(std::holds_alternative<DisconnectMessage>(disconnect->body));

  const std::string error_bytes = hex(kErrorResponseBytes);
  const auto error = decode_response(error_bytes);
  ASSERT_TRUE(error) << error.error().message;
  EXPECT_EQ(error->header.client_query_id, kInvalidIndex);
  ASSERT_TRUE(std::holds_alternative<ErrorResponse>(error->body));
  EXPECT_EQ(std::get<ErrorResponse>(error->body).message, "boom");
}

DecodedChunk sample_chunk() {
  DecodedChunk chunk;
  chunk.row_count = 3;
  chunk.types = {LogicalType::of(Id::kInteger), LogicalType::of(Id::kVarchar),
                 LogicalType::list(LogicalType::of(Id::kSmallInt))};
  chunk.columns.push_back(testing::values<int32_t>({1, std::nullopt, -3}));
  chunk.columns.push_back(testing::strings({"x", "", std::nullopt}));
  chunk.columns.push_back(testing::lists({ListEntry{0, 2}, std::nullopt, ListEntry{2, 0}},
                                         testing::values<int16_t>({7, std::nullopt})));
  return chunk;
}

EncodedChunk encoded(const DecodedChunk& chunk) {
  auto bytes = encode_data_chunk(chunk);
  EXPECT_TRUE(bytes) << bytes.error().message;
  return bytes ? *bytes : EncodedChunk();
}

template <class Body>
Body request_round_trip(const Header& header, const MessageBody& body, std::string& bytes) {
  bytes = encode({header, body});
  const auto decoded = decode(bytes);
  EXPECT_TRUE(decoded) << decoded.error().message;
  if (!decoded) return {};
  EXPECT_EQ(decoded->header, header);
  EXPECT_TRUE(std::holds_alternative<Body>(decoded->body));
  return std::holds_alternative<Body>(decoded->body) ? std::get<Body>(decoded->body) : Body{};
}

template <class Body>
Body response_round_trip(const Header& header, const MessageBody& body, std::string& bytes) {
  bytes = encode({header, body});
  const auto decoded = decode_response(bytes);
  EXPECT_TRUE(decoded) << decoded.error().message;
  if (!decoded) return {};
  EXPECT_EQ(decoded->header, header);
  EXPECT_TRUE(std::holds_alternative<Body>(decoded->body));
  return std::holds_alternative<Body>(decoded->body) ? std::get<Body>(decoded->body) : Body{};
}

TEST(QuackMessages, RequestsRoundTrip) {
  std::string bytes;
  ConnectionRequest connect{"secret", "v1.5.2", "linux_amd64", 1, 3};
  EXPECT_EQ(request_round_trip<ConnectionRequest>(Header{}, connect, bytes), connect);
  EXPECT_EQ(request_round_trip<ConnectionRequest>(Header{"", 0}, ConnectionRequest{}, bytes),
            ConnectionRequest{});

  const Header header{"conn-7", 42};
  EXPECT_EQ(request_round_trip<PrepareRequest>(header, PrepareRequest{"SELECT 'é', 1"}, bytes).sql,
            "SELECT 'é', 1");
  EXPECT_EQ(request_round_trip<PrepareRequest>(header, PrepareRequest{""}, bytes).sql, "");

  const int128_t uuid = join_halves(-123456789, 0xfedcba9876543210u);
  EXPECT_TRUE(request_round_trip<FetchRequest>(header, FetchRequest{uuid}, bytes).result_uuid == uuid);

  const DecodedChunk chunk = sample_chunk();
  AppendRequest append{"main", "t", encoded(chunk)};
  const auto append_back = request_round_trip<DecodedAppendRequest>(header, append, bytes);
  EXPECT_EQ(append_back.schema_name, "main");
  EXPECT_EQ(append_back.table_name, "t");
  ASSERT_TRUE(append_back.chunk);
  EXPECT_EQ(*append_back.chunk, chunk);

  const auto without_chunk =
      request_round_trip<DecodedAppendRequest>(header, AppendRequest{"", "t", {}}, bytes);
  EXPECT_EQ(without_chunk.schema_name, "");
  EXPECT_FALSE(without_chunk.chunk);
  EXPECT_EQ(to_hex(bytes).substr(to_hex(bytes).size() - 26), "02 00 01 74 03 00 00 ff ff");

  request_round_trip<DisconnectMessage>(header, DisconnectMessage{}, bytes);
}

TEST(QuackMessages, ResponsesRoundTrip) {
  std::string bytes;
  const Header header{"conn-7", 42};
  ConnectionResponse connected{"v1.5.2", "linux_amd64", 1};
  EXPECT_EQ(response_round_trip<ConnectionResponse>(header, connected, bytes), connected);

  const DecodedChunk chunk = sample_chunk();
  PrepareResponse prepared;
  prepared.result_types = chunk.types;
  prepared.result_names = {"i", "s", "l"};
  prepared.needs_more_fetch = true;
  prepared.results = {encoded(chunk), encoded(chunk)};
  prepared.result_uuid = join_halves(7, 9);
  const auto prepared_back = response_round_trip<DecodedPrepareResponse>(header, prepared, bytes);
  EXPECT_EQ(prepared_back.result_types, prepared.result_types);
  EXPECT_EQ(prepared_back.result_names, prepared.result_names);
  EXPECT_TRUE(prepared_back.needs_more_fetch);
  ASSERT_EQ(prepared_back.results.size(), 2u);
  EXPECT_EQ(prepared_back.results[1], chunk);
  EXPECT_TRUE(prepared_back.result_uuid == prepared.result_uuid);

  PrepareResponse empty;
  empty.result_types = {LogicalType::of(Id::kBigInt)};
  empty.result_names = {"Count"};
  const auto empty_back = response_round_trip<DecodedPrepareResponse>(header, empty, bytes);
  EXPECT_FALSE(empty_back.needs_more_fetch);
  EXPECT_TRUE(empty_back.results.empty());
  // Neither needs_more_fetch nor an empty results list is written.
  EXPECT_EQ(to_hex(bytes).substr(to_hex(bytes).size() - 35), "05 43 6f 75 6e 74 05 00 00 00 ff ff");

  FetchResponse fetched{{encoded(chunk)}, 1};
  const auto fetched_back = response_round_trip<DecodedFetchResponse>(header, fetched, bytes);
  ASSERT_EQ(fetched_back.results.size(), 1u);
  EXPECT_EQ(fetched_back.results[0], chunk);
  EXPECT_EQ(fetched_back.batch_index, 1u);

  const auto exhausted = response_round_trip<DecodedFetchResponse>(Header{}, FetchResponse{}, bytes);
  EXPECT_TRUE(exhausted.results.empty());
  EXPECT_EQ(exhausted.batch_index, kInvalidIndex);
  EXPECT_EQ(to_hex(bytes.substr(bytes.size() - 14)), "02 00 ff ff ff ff ff ff ff ff ff 01 ff ff");

  response_round_trip<SuccessResponse>(header, SuccessResponse{}, bytes);
  EXPECT_EQ(to_hex(bytes.substr(bytes.size() - 2)), "ff ff");
  EXPECT_EQ(response_round_trip<ErrorResponse>(header, ErrorResponse{"Invalid connection id"}, bytes).message,
            "Invalid connection id");
}

TEST(QuackMessages, ResultsListWrapsEachChunk) {
  const DecodedChunk chunk = sample_chunk();
  const EncodedChunk chunk_bytes = encoded(chunk);
  const std::string bytes = encode({Header{}, FetchResponse{{chunk_bytes}, 3}});
  // Header (17 bytes), then field 1, one element: 01, field 300, the chunk, ff ff.
  EXPECT_EQ(bytes.substr(17, 6), hex("01 00 01 01 2c 01"));
  EXPECT_EQ(bytes.substr(23, chunk_bytes.size()), chunk_bytes);
  EXPECT_EQ(to_hex(bytes.substr(23 + chunk_bytes.size())), "ff ff 02 00 03 ff ff");
}

TEST(QuackMessages, ServerRefusesOtherTypesAsUnsupported) {
  for (const auto& body : std::vector<MessageBody>{ConnectionResponse{}, PrepareResponse{}, FetchResponse{},
                                                   SuccessResponse{}, ErrorResponse{"x"}}) {
    const auto decoded = decode(encode({Header{}, body}));
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().message, kUnsupportedMessageType);
  }
  // CANCEL_REQUEST (12) of a later protocol revision, with a body this codec does not know.
  const auto cancel = decode(hex("01 00 0c 02 00 01 63 03 00 05 ff ff 01 00 07 ff ff"));
  ASSERT_FALSE(cancel);
  EXPECT_EQ(cancel.error().message, kUnsupportedMessageType);
  EXPECT_EQ(cancel.error().context, "message type 12");
  // Its header still decodes, so a server can echo it.
  const auto header = decode_header(hex("01 00 0c 02 00 01 63 03 00 05 ff ff 01 00 07 ff ff"));
  ASSERT_TRUE(header);
  EXPECT_EQ(static_cast<uint64_t>(header->type), 12u);
  EXPECT_EQ(header->header, (Header{"c", 5}));

  const auto request_as_response = decode_response(hex(kDisconnectBytes));
  ASSERT_FALSE(request_as_response);
  EXPECT_EQ(request_as_response.error().message, "Unsupported message type for client");
}

TEST(QuackMessages, MalformedBodiesSayWhatIsWrong) {
  // CONNECTION_REQUEST with fields 5 and 4 swapped.
  auto swapped = decode(hex("01 00 01 03 00 00 ff ff 05 00 01 04 00 01 ff ff"));
  ASSERT_FALSE(swapped);
  EXPECT_EQ(swapped.error().message, "field 4 out of order after field 5 at byte 11");
  // An unknown field 6 after the known ones.
  auto unknown = decode(hex("01 00 01 03 00 00 ff ff 05 00 01 06 00 01 ff ff"));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "the end of the object expected, found field 6 at byte 11");
  // An ERROR_RESPONSE whose message claims 5000 bytes.
  auto long_string = decode_response(hex("01 00 64 03 00 00 ff ff 01 00 88 27 62 6f 6f 6d ff ff"));
  ASSERT_FALSE(long_string);
  EXPECT_EQ(long_string.error().message, "string of 5000 bytes beyond the end of the message at byte 10");
  // A PREPARE_RESPONSE whose type list claims 2^40 elements.
  auto long_list = decode_response(hex("01 00 04 03 00 00 ff ff 01 00 80 80 80 80 80 20 ff ff"));
  ASSERT_FALSE(long_list);
  EXPECT_EQ(long_list.error().message,
            "list of 1099511627776 elements beyond the end of the message at byte 10");
  // A FETCH_REQUEST without its result_uuid.
  auto no_uuid = decode(hex("01 00 07 03 00 00 ff ff ff ff"));
  ASSERT_FALSE(no_uuid);
  EXPECT_EQ(no_uuid.error().message, "field 1 expected, found the end of the object at byte 8");
  // Bytes after the body.
  auto trailing = decode(hex("01 00 0b 03 00 00 ff ff ff ff 00"));
  ASSERT_FALSE(trailing);
  EXPECT_EQ(trailing.error().message, "1 byte after the end of the message at byte 10");
  // A header type of eleven bytes.
  auto long_type = decode(hex("01 00 80 80 80 80 80 80 80 80 80 80 01 ff ff ff ff"));
  ASSERT_FALSE(long_type);
  EXPECT_EQ(long_type.error().message, "ULEB128 integer longer than 10 bytes at byte 2");
}

std::vector<std::string> valid_messages() {
  const DecodedChunk chunk = sample_chunk();
  PrepareResponse prepared;
  prepared.result_types = chunk.types;
  prepared.result_names = {"i", "s", "l"};
  prepared.results = {encoded(chunk)};
  prepared.result_uuid = join_halves(-1, 3);
  return {
      hex(kConnectionRequestBytes),
      hex(kDisconnectBytes),
      hex(kErrorResponseBytes),
      encode({Header{"abc", 1}, PrepareRequest{"SELECT 42"}}),
      encode({Header{"abc", 2}, FetchRequest{join_halves(5, 6)}}),
      encode({Header{"abc", 3}, AppendRequest{"s", "t", encoded(chunk)}}),
      encode({Header{"abc", 4}, prepared}),
      encode({Header{"abc", 5}, FetchResponse{{encoded(chunk)}, 2}}),
      encode({Header{"abc", 6}, ConnectionResponse{"v1.5.2", "linux_amd64", 1}}),
      encode({Header{"abc", 7}, SuccessResponse{}}),
  };
}

TEST(QuackMessages, EveryTruncationIsAnError) {
  for (const auto& message : valid_messages()) {
    ASSERT_TRUE(decode(message) || decode_response(message)) << to_hex(message);
    for (size_t length = 0; length < message.size(); ++length) {
      const std::string_view cut(message.data(), length);
      EXPECT_FALSE(decode(cut)) << "cut at " << length << " of " << to_hex(message);
      EXPECT_FALSE(decode_response(cut)) << "cut at " << length << " of " << to_hex(message);
    }
  }
}

TEST(QuackMessages, RandomAndMutatedBytesNeverCrash) {
  std::mt19937_64 random(20240611);
  const auto messages = valid_messages();
  size_t accepted = 0;
  for (int round = 0; round < 4000; ++round) {
    std::string bytes;
    if (round % 2 == 0) {
      bytes.resize(random() % 80);
      for (auto& byte : bytes) byte = static_cast<char>(random());
      if (round % 4 == 0 && bytes.size() > 4) bytes.replace(0, 3, hex("01 00 09"));  // an APPEND header start
    } else {
      bytes = messages[random() % messages.size()];
      const int flips = 1 + static_cast<int>(random() % 4);
      for (int i = 0; i < flips && !bytes.empty(); ++i)
        bytes[random() % bytes.size()] = static_cast<char>(random());
    }
    const auto request = decode(bytes);
    const auto response = decode_response(bytes);
    accepted += (request ? 1 : 0) + (response ? 1 : 0);
  }
  EXPECT_LT(accepted, 4000u);
}

std::string seed(std::string_view name) {
  std::ifstream file(std::string(DUCKWIRE_TEST_DATA_DIR) + "/../fuzz/quack/" + std::string(name),
                     std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), {});
}

TEST(QuackMessages, FuzzSeedsAreValid) {
  for (std::string_view name : {"connection_request.bin", "disconnect.bin", "prepare_request.bin",
                                "fetch_request.bin", "append_request.bin"}) {
    const std::string bytes = seed(name);
    const auto decoded = decode(bytes);
    EXPECT_TRUE(decoded) << name << ": " << (decoded ? "" : decoded.error().message);
  }
  const std::string error_bytes = seed("error_response.bin");
  EXPECT_TRUE(decode_response(error_bytes));
  for (std::string_view name : {"chunk_small.bin", "chunk_nested_compressed.bin"}) {
    const std::string bytes = seed(name);
    const auto decoded = decode_data_chunk(bytes);
    EXPECT_TRUE(decoded) << name << ": " << (decoded ? "" : decoded.error().message);
  }
  for (std::string_view name :
       {"logical_type_decimal.bin", "logical_type_list.bin", "logical_type_array.bin"}) {
    EXPECT_TRUE(decode_logical_type(seed(name))) << name;
  }
}

TEST(QuackMessages, TypeNames) {
  EXPECT_EQ(message_type_name(MessageType::kPrepareRequest), "PREPARE_REQUEST");
  EXPECT_EQ(message_type_name(static_cast<MessageType>(12)), "UNKNOWN");
  EXPECT_EQ(message_type(MessageBody{FetchResponse{}}), MessageType::kFetchResponse);
  EXPECT_EQ(message_type(RequestBody{DecodedAppendRequest{}}), MessageType::kAppendRequest);
}

}  // namespace
}  // namespace duckwire::quack
