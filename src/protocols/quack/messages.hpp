#pragma once
// Quack messages: the header object, then the body object, back to back. Messages that carry data
// chunks carry them as encoded DataChunk objects when they are written (DataChunkWriter's output, put
// into the message as it is) and as decoded chunks when they are read.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "protocols/quack/data_chunk.hpp"
#include "protocols/quack/logical_type.hpp"
#include "util/error.hpp"
#include "util/int128.hpp"

namespace duckwire::quack {

enum class MessageType : uint64_t {
  kConnectionRequest = 1,
  kConnectionResponse = 2,
  kPrepareRequest = 3,
  kPrepareResponse = 4,
  kFetchRequest = 7,
  kFetchResponse = 8,
  kAppendRequest = 9,
  kSuccessResponse = 10,
  kDisconnectMessage = 11,
  kErrorResponse = 100,
};

// DuckDB's idx_t "invalid index": no client query id, no batch index.
inline constexpr uint64_t kInvalidIndex = UINT64_MAX;
inline constexpr uint64_t kQuackVersion = 1;
// The error of a request whose type a server does not take (the text DuckDB's server sends).
inline constexpr std::string_view kUnsupportedMessageType = "Unsupported message type for server";

struct Header {
  std::string connection_id;  // empty: none (written only when set)
  uint64_t client_query_id = kInvalidIndex;

  bool operator==(const Header&) const = default;
};

struct ConnectionRequest {
  std::string auth_string;
  std::string client_duckdb_version;
  std::string client_platform;
  uint64_t min_supported_quack_version = 0;  // 0: not sent
  uint64_t max_supported_quack_version = 0;  // 0: not sent

  bool operator==(const ConnectionRequest&) const = default;
};

struct ConnectionResponse {
  std::string server_duckdb_version;
  std::string server_platform;  // e.g. "linux_amd64"
  uint64_t quack_version = kQuackVersion;

  bool operator==(const ConnectionResponse&) const = default;
};

struct PrepareRequest {
  std::string sql;

  bool operator==(const PrepareRequest&) const = default;
};

template <class Chunk>
struct PrepareResponseOf {
  std::vector<LogicalType> result_types;
  std::vector<std::string> result_names;
  bool needs_more_fetch = false;
  std::vector<Chunk> results;
  int128_t result_uuid = 0;

  bool operator==(const PrepareResponseOf&) const = default;
};

struct FetchRequest {
  int128_t result_uuid = 0;

  bool operator==(const FetchRequest&) const = default;
};

template <class Chunk>
struct FetchResponseOf {
  std::vector<Chunk> results;  // none: the result is exhausted
  uint64_t batch_index = kInvalidIndex;

  bool operator==(const FetchResponseOf&) const = default;
};

template <class Chunk>
struct AppendRequestOf {
  std::string schema_name;  // empty: the connection's search path
  std::string table_name;
  std::optional<Chunk> chunk;

  bool operator==(const AppendRequestOf&) const = default;
};

struct SuccessResponse {
  bool operator==(const SuccessResponse&) const = default;
};

struct DisconnectMessage {
  bool operator==(const DisconnectMessage&) const = default;
};

struct ErrorResponse {
  std::string message;

  bool operator==(const ErrorResponse&) const = default;
};

// A DataChunk object as DataChunkWriter writes it, with its `ff ff`.
using EncodedChunk = std::string;

using PrepareResponse = PrepareResponseOf<EncodedChunk>;
using FetchResponse = FetchResponseOf<EncodedChunk>;
using AppendRequest = AppendRequestOf<EncodedChunk>;
using DecodedPrepareResponse = PrepareResponseOf<DecodedChunk>;
using DecodedFetchResponse = FetchResponseOf<DecodedChunk>;
using DecodedAppendRequest = AppendRequestOf<DecodedChunk>;

using MessageBody =
    std::variant<ConnectionRequest, ConnectionResponse, PrepareRequest, PrepareResponse, FetchRequest,
                 FetchResponse, AppendRequest, SuccessResponse, DisconnectMessage, ErrorResponse>;
struct Message {
  Header header;
  MessageBody body;
};

// What a server receives.
using RequestBody =
    std::variant<ConnectionRequest, PrepareRequest, FetchRequest, DecodedAppendRequest, DisconnectMessage>;
struct Request {
  Header header;
  RequestBody body;
};

// What a client receives.
using ResponseBody = std::variant<ConnectionResponse, DecodedPrepareResponse, DecodedFetchResponse,
                                  SuccessResponse, ErrorResponse>;
struct Response {
  Header header;
  ResponseBody body;
};

MessageType message_type(const MessageBody& body);
MessageType message_type(const RequestBody& body);
MessageType message_type(const ResponseBody& body);
// e.g. "PREPARE_REQUEST"; "UNKNOWN" for a number the table does not have.
std::string_view message_type_name(MessageType type);

std::string encode(const Message& message);

// A request as a server reads it. A well-formed message of another type is an error whose message is
// kUnsupportedMessageType; bytes that are not a Quack message are an error that says what is wrong.
// Decoded chunks view `message`.
Result<Request> decode(std::string_view message, const DecodeLimits& limits = {});
// A response as a client reads it; any request type is an error.
Result<Response> decode_response(std::string_view message, const DecodeLimits& limits = {});

// Just the header, for answering a request whose body cannot be decoded or is not supported.
struct MessageHeader {
  MessageType type = MessageType::kErrorResponse;  // possibly a number MessageType does not name
  Header header;
};
Result<MessageHeader> decode_header(std::string_view message);

}  // namespace duckwire::quack
