#include "protocols/quack/messages.hpp"

#include "protocols/quack/binary_writer.hpp"

namespace duckwire::quack {
namespace {

// The `results` field: list of nullable DataChunkWrapper {300: DataChunk}.
void write_results(BinaryWriter& out, uint16_t field, const std::vector<EncodedChunk>& results) {
  if (results.empty()) return;  // DuckDB omits an empty list
  out.field(field).list(results.size());
  for (const auto& chunk : results) out.nullable(true).field(300).raw(chunk).end_object();
}

struct BodyWriter {
  BinaryWriter& out;

  void operator()(const ConnectionRequest& request) const {
    if (!request.auth_string.empty()) out.field(1).string(request.auth_string);
    if (!request.client_duckdb_version.empty()) out.field(2).string(request.client_duckdb_version);
    if (!request.client_platform.empty()) out.field(3).string(request.client_platform);
    if (request.min_supported_quack_version != 0) out.field(4).uleb(request.min_supported_quack_version);
    if (request.max_supported_quack_version != 0) out.field(5).uleb(request.max_supported_quack_version);
  }
  void operator()(const ConnectionResponse& response) const {
    out.field(1).string(response.server_duckdb_version);
    out.field(2).string(response.server_platform);
    out.field(3).uleb(response.quack_version);
  }
  void operator()(const PrepareRequest& request) const { out.field(1).string(request.sql); }
  void operator()(const PrepareResponse& response) const {
    out.field(1).list(response.result_types.size());
    for (const auto& type : response.result_types) write_logical_type(out, type);
    out.field(2).list(response.result_names.size());
    for (const auto& name : response.result_names) out.string(name);
    if (response.needs_more_fetch) out.field(3).boolean(true);
    write_results(out, 4, response.results);
    out.field(5).hugeint(response.result_uuid);
  }
  void operator()(const FetchRequest& request) const { out.field(1).hugeint(request.result_uuid); }
  void operator()(const FetchResponse& response) const {
    write_results(out, 1, response.results);
    out.field(2).uleb(response.batch_index);
  }
  void operator()(const AppendRequest& request) const {
    if (!request.schema_name.empty()) out.field(1).string(request.schema_name);
    out.field(2).string(request.table_name);
    out.field(3).nullable(request.chunk.has_value());
    if (request.chunk) out.field(300).raw(*request.chunk).end_object();
  }
  void operator()(const SuccessResponse&) const {}
  void operator()(const DisconnectMessage&) const {}
  void operator()(const ErrorResponse& response) const { out.field(1).string(response.message); }
};

struct TypeOf {
  MessageType operator()(const ConnectionRequest&) const { return MessageType::kConnectionRequest; }
  MessageType operator()(const ConnectionResponse&) const { return MessageType::kConnectionResponse; }
  MessageType operator()(const PrepareRequest&) const { return MessageType::kPrepareRequest; }
  template <class Chunk>
  MessageType operator()(const PrepareResponseOf<Chunk>&) const {
    return MessageType::kPrepareResponse;
  }
  MessageType operator()(const FetchRequest&) const { return MessageType::kFetchRequest; }
  template <class Chunk>
  MessageType operator()(const FetchResponseOf<Chunk>&) const {
    return MessageType::kFetchResponse;
  }
  template <class Chunk>
  MessageType operator()(const AppendRequestOf<Chunk>&) const {
    return MessageType::kAppendRequest;
  }
  MessageType operator()(const SuccessResponse&) const { return MessageType::kSuccessResponse; }
  MessageType operator()(const DisconnectMessage&) const { return MessageType::kDisconnectMessage; }
  MessageType operator()(const ErrorResponse&) const { return MessageType::kErrorResponse; }
};

}  // namespace

MessageType message_type(const MessageBody& body) {
  return std::visit(TypeOf{}, body);
}

MessageType message_type(const RequestBody& body) {
  return std::visit(TypeOf{}, body);
}

MessageType message_type(const ResponseBody& body) {
  return std::visit(TypeOf{}, body);
}

std::string_view message_type_name(MessageType type) {
  switch (type) {
    case MessageType::kConnectionRequest:
      return "CONNECTION_REQUEST";
    case MessageType::kConnectionResponse:
      return "CONNECTION_RESPONSE";
    case MessageType::kPrepareRequest:
      return "PREPARE_REQUEST";
    case MessageType::kPrepareResponse:
      return "PREPARE_RESPONSE";
    case MessageType::kFetchRequest:
      return "FETCH_REQUEST";
    case MessageType::kFetchResponse:
      return "FETCH_RESPONSE";
    case MessageType::kAppendRequest:
      return "APPEND_REQUEST";
    case MessageType::kSuccessResponse:
      return "SUCCESS_RESPONSE";
    case MessageType::kDisconnectMessage:
      return "DISCONNECT_MESSAGE";
    case MessageType::kErrorResponse:
      return "ERROR_RESPONSE";
  }
  return "UNKNOWN";
}

namespace {

// The bytes of the encoded chunks a message carries, so that it is built in one allocation.
size_t chunk_bytes(const MessageBody& body) {
  return std::visit(
      [](const auto& message) -> size_t {
        size_t total = 0;
        if constexpr (requires { message.results; }) {
          for (const EncodedChunk& chunk : message.results) total += chunk.size() + 4;
        }
        return total;
      },
      body);
}

}  // namespace

std::string encode(const Message& message) {
  std::string bytes;
  bytes.reserve(256 + message.header.connection_id.size() + chunk_bytes(message.body));
  BinaryWriter out(bytes);
  out.field(1).uleb(static_cast<uint64_t>(message_type(message.body)));
  if (!message.header.connection_id.empty()) out.field(2).string(message.header.connection_id);
  out.field(3).uleb(message.header.client_query_id);
  out.end_object();
  std::visit(BodyWriter{out}, message.body);
  out.end_object();
  return bytes;
}

}  // namespace duckwire::quack
