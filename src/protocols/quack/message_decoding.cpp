// Decoding of Quack messages (messages.hpp).
#include <fmt/format.h>

#include <utility>

#include "protocols/quack/binary_reader.hpp"
#include "protocols/quack/messages.hpp"

namespace duckwire::quack {
namespace {

MessageHeader read_header(BinaryReader& in) {
  MessageHeader header;
  in.begin_object();
  in.field(1);
  header.type = static_cast<MessageType>(in.uleb());
  if (in.optional_field(2)) header.header.connection_id = in.string();
  if (in.optional_field(3)) header.header.client_query_id = in.uleb();
  in.end_object();
  return header;
}

std::string optional_string(BinaryReader& in, uint16_t field) {
  return in.optional_field(field) ? std::string(in.string()) : std::string();
}

std::optional<DecodedChunk> read_chunk_wrapper(BinaryReader& in, const DecodeLimits& limits) {
  if (!in.nullable()) return std::nullopt;
  in.begin_object();
  in.field(300);
  DecodedChunk chunk = read_data_chunk(in, limits);
  in.end_object();
  if (in.failed()) return std::nullopt;
  return chunk;
}

// A results list; null elements carry no chunk and are left out.
std::vector<DecodedChunk> read_results(BinaryReader& in, uint16_t field, const DecodeLimits& limits) {
  std::vector<DecodedChunk> results;
  if (!in.optional_field(field)) return results;
  const uint64_t count = in.list(1);
  for (uint64_t i = 0; i < count && !in.failed(); ++i) {
    if (auto chunk = read_chunk_wrapper(in, limits)) results.push_back(std::move(*chunk));
  }
  return results;
}

ConnectionRequest read_connection_request(BinaryReader& in) {
  ConnectionRequest request;
  request.auth_string = optional_string(in, 1);
  request.client_duckdb_version = optional_string(in, 2);
  request.client_platform = optional_string(in, 3);
  if (in.optional_field(4)) request.min_supported_quack_version = in.uleb();
  if (in.optional_field(5)) request.max_supported_quack_version = in.uleb();
  return request;
}

ConnectionResponse read_connection_response(BinaryReader& in) {
  ConnectionResponse response;
  response.server_duckdb_version = optional_string(in, 1);
  response.server_platform = optional_string(in, 2);
  response.quack_version = in.optional_field(3) ? in.uleb() : 0;
  return response;
}

PrepareRequest read_prepare_request(BinaryReader& in) {
  return PrepareRequest{optional_string(in, 1)};
}

// A LogicalType object: field 100, a one-byte id, `ff ff`.
constexpr size_t kMinTypeBytes = 5;

DecodedPrepareResponse read_prepare_response(BinaryReader& in, const DecodeLimits& limits) {
  DecodedPrepareResponse response;
  if (in.optional_field(1)) {
    const uint64_t count = in.list(kMinTypeBytes);
    for (uint64_t i = 0; i < count && !in.failed(); ++i)
      response.result_types.push_back(read_logical_type(in));
  }
  if (in.optional_field(2)) {
    const uint64_t count = in.list(1);
    for (uint64_t i = 0; i < count && !in.failed(); ++i) response.result_names.emplace_back(in.string());
  }
  if (in.optional_field(3)) response.needs_more_fetch = in.boolean();
  response.results = read_results(in, 4, limits);
  in.field(5);
  response.result_uuid = in.hugeint();
  if (!in.failed() && response.result_types.size() != response.result_names.size()) {
    in.fail(fmt::format("PREPARE_RESPONSE with {} types and {} names", response.result_types.size(),
                        response.result_names.size()));
  }
  return response;
}

FetchRequest read_fetch_request(BinaryReader& in) {
  in.field(1);
  return FetchRequest{in.hugeint()};
}

DecodedFetchResponse read_fetch_response(BinaryReader& in, const DecodeLimits& limits) {
  DecodedFetchResponse response;
  response.results = read_results(in, 1, limits);
  in.field(2);
  response.batch_index = in.uleb();
  return response;
}

DecodedAppendRequest read_append_request(BinaryReader& in, const DecodeLimits& limits) {
  DecodedAppendRequest request;
  request.schema_name = optional_string(in, 1);
  request.table_name = optional_string(in, 2);
  if (in.optional_field(3)) request.chunk = read_chunk_wrapper(in, limits);
  return request;
}

ErrorResponse read_error_response(BinaryReader& in) {
  return ErrorResponse{optional_string(in, 1)};
}

// Only called with a request type (is_request_type).
RequestBody read_request_body(BinaryReader& in, MessageType type, const DecodeLimits& limits) {
  switch (type) {
    case MessageType::kConnectionRequest:
      return read_connection_request(in);
    case MessageType::kPrepareRequest:
      return read_prepare_request(in);
    case MessageType::kFetchRequest:
      return read_fetch_request(in);
    case MessageType::kAppendRequest:
      return read_append_request(in, limits);
    default:
      return DisconnectMessage{};
  }
}

// Only called with a response type (is_response_type).
ResponseBody read_response_body(BinaryReader& in, MessageType type, const DecodeLimits& limits) {
  switch (type) {
    case MessageType::kConnectionResponse:
      return read_connection_response(in);
    case MessageType::kPrepareResponse:
      return read_prepare_response(in, limits);
    case MessageType::kFetchResponse:
      return read_fetch_response(in, limits);
    case MessageType::kErrorResponse:
      return read_error_response(in);
    default:
      return SuccessResponse{};
  }
}

// The body object, which must end the message.
template <class Body, class ReadFields>
Result<Body> read_body(BinaryReader& in, ReadFields read_fields) {
  in.begin_object();
  Body body = read_fields();
  in.end_object();
  in.expect_end();
  if (auto status = in.status(); !status) return status.error();
  return body;
}

bool is_request_type(MessageType type) {
  switch (type) {
    case MessageType::kConnectionRequest:
    case MessageType::kPrepareRequest:
    case MessageType::kFetchRequest:
    case MessageType::kAppendRequest:
    case MessageType::kDisconnectMessage:
      return true;
    default:
      return false;
  }
}

bool is_response_type(MessageType type) {
  switch (type) {
    case MessageType::kConnectionResponse:
    case MessageType::kPrepareResponse:
    case MessageType::kFetchResponse:
    case MessageType::kSuccessResponse:
    case MessageType::kErrorResponse:
      return true;
    default:
      return false;
  }
}

constexpr std::string_view kUnsupportedResponseType = "Unsupported message type for client";

Error unsupported(std::string_view text, MessageType type) {
  return Error{ErrorKind::kInvalidInput,
               std::string(text),
               {},
               fmt::format("message type {}", static_cast<uint64_t>(type))};
}

}  // namespace

Result<MessageHeader> decode_header(std::string_view message) {
  BinaryReader in(message);
  MessageHeader header = read_header(in);
  if (auto status = in.status(); !status) return status.error();
  return header;
}

Result<Request> decode(std::string_view message, const DecodeLimits& limits) {
  BinaryReader in(message);
  MessageHeader header = read_header(in);
  if (auto status = in.status(); !status) return status.error();
  if (!is_request_type(header.type)) return unsupported(kUnsupportedMessageType, header.type);
  auto body = read_body<RequestBody>(in, [&] { return read_request_body(in, header.type, limits); });
  if (!body) return body.error();
  return Request{std::move(header.header), std::move(body).value()};
}

Result<Response> decode_response(std::string_view message, const DecodeLimits& limits) {
  BinaryReader in(message);
  MessageHeader header = read_header(in);
  if (auto status = in.status(); !status) return status.error();
  if (!is_response_type(header.type)) return unsupported(kUnsupportedResponseType, header.type);
  auto body = read_body<ResponseBody>(in, [&] { return read_response_body(in, header.type, limits); });
  if (!body) return body.error();
  return Response{std::move(header.header), std::move(body).value()};
}

}  // namespace duckwire::quack
