#include "clients/quack/quack_client.hpp"

#include <utility>

#include "build_info.hpp"

namespace duckwire::quack_client {

using quack::DecodedChunk;
using quack::LogicalType;
using quack::MessageType;

namespace {

constexpr std::string_view kPlatform = "duckwire";

Error bad_reply(std::string message) {
  return Error{ErrorKind::kIo, std::move(message)};
}

// Whether chunks of type `a` are laid out and read as those of type `b` (names, aliases and collations
// aside).
bool same_layout(const LogicalType& a, const LogicalType& b) {
  if (a.id != b.id || a.decimal_width != b.decimal_width || a.decimal_scale != b.decimal_scale ||
      a.array_size != b.array_size || a.enum_values != b.enum_values ||
      a.children.size() != b.children.size()) {
    return false;
  }
  for (size_t i = 0; i < a.children.size(); ++i) {
    if (!same_layout(a.children[i].type, b.children[i].type)) return false;
  }
  return true;
}

bool same_layout(const std::vector<LogicalType>& a, const std::vector<LogicalType>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!same_layout(a[i], b[i])) return false;
  }
  return true;
}

}  // namespace

struct QueryResult::Connection {
  std::unique_ptr<HttpTransport> transport;
  ClientOptions options;
  std::string id;
  uint64_t next_query_id = 1;
  // Bumped by every query: a QueryResult of an earlier generation has been closed by the server.
  uint64_t generation = 0;
  bool disconnected = false;
  quack::ConnectionResponse server;

  // Sends one request and returns the reply's bytes.
  Result<std::string> send(quack::MessageBody body, bool with_connection = true) {
    if (disconnected) return Error{ErrorKind::kInvalidInput, "the Quack connection has been disconnected"};
    quack::Header header;
    if (with_connection) {
      header.connection_id = id;
      header.client_query_id = next_query_id++;
    }
    return transport->post(quack::encode(quack::Message{std::move(header), std::move(body)}));
  }

  // The reply to a request of type `request`, which must be an `Expected` (an ERROR_RESPONSE becomes
  // the error it reports). The reply views `bytes`.
  template <class Expected>
  Result<Expected> expect(std::string_view bytes, MessageType request, quack::Header* header = nullptr) {
    auto response = quack::decode_response(bytes, options.decode_limits);
    const std::string_view request_name = quack::message_type_name(request);
    if (!response) {
      return bad_reply("the reply to " + std::string(request_name) +
                       " is not a Quack message: " + response.error().message);
    }
    if (auto* error = std::get_if<quack::ErrorResponse>(&response.value().body)) {
      if (error->message.empty()) return Error{ErrorKind::kInvalidInput, "the server reported an error"};
      return Error{ErrorKind::kInvalidInput, std::move(error->message)};
    }
    auto* expected = std::get_if<Expected>(&response.value().body);
    if (expected == nullptr) {
      return bad_reply("the server answered " + std::string(request_name) + " with " +
                       std::string(quack::message_type_name(quack::message_type(response.value().body))));
    }
    if (header != nullptr) *header = std::move(response.value().header);
    return std::move(*expected);
  }
};

QueryResult::QueryResult(std::shared_ptr<Connection> connection, uint64_t generation)
    : connection_(std::move(connection)), generation_(generation) {}

Result<void> QueryResult::take(std::vector<DecodedChunk> chunks) {
  chunks_.clear();
  next_ = 0;
  for (DecodedChunk& chunk : chunks) {
    if (chunk.row_count == 0) continue;
    if (!same_layout(chunk.types, types_)) {
      return bad_reply("a result chunk's columns do not match the result's types");
    }
    chunks_.push_back(std::move(chunk));
  }
  return {};
}

Result<void> QueryResult::fetch() {
  Connection& connection = *connection_;
  if (connection.generation != generation_) {
    return Error{ErrorKind::kInvalidInput, "the result was closed by a later query on the same connection"};
  }
  chunks_.clear();  // they view the reply about to be replaced
  auto bytes = connection.send(quack::FetchRequest{result_uuid_});
  if (!bytes) return bytes.error();
  reply_ = std::make_unique<std::string>(std::move(bytes).value());
  auto fetched = connection.expect<quack::DecodedFetchResponse>(*reply_, MessageType::kFetchRequest);
  if (!fetched) return fetched.error();
  if (auto taken = take(std::move(fetched.value().results)); !taken) return taken;
  // An empty list ends the result; so does a reply of nothing but empty chunks, as DuckDB's client reads it.
  if (chunks_.empty()) needs_fetch_ = false;
  return {};
}

Result<const DecodedChunk*> QueryResult::next_chunk() {
  if (failure_) return *failure_;
  if (next_ < chunks_.size()) return &chunks_[next_++];
  if (!needs_fetch_) {
    chunks_.clear();
    reply_.reset();
    return nullptr;
  }
  if (auto fetched = fetch(); !fetched) {
    failure_ = fetched.error();
    return *failure_;
  }
  if (chunks_.empty()) return nullptr;
  return &chunks_[next_++];
}

QuackClient::QuackClient(std::shared_ptr<QueryResult::Connection> connection)
    : connection_(std::move(connection)) {}
QuackClient::QuackClient(QuackClient&&) noexcept = default;
QuackClient& QuackClient::operator=(QuackClient&&) noexcept = default;
QuackClient::~QuackClient() = default;

Result<QuackClient> QuackClient::connect(const Endpoint& endpoint, std::string_view token,
                                         const ClientOptions& options) {
  auto connection = std::make_shared<QueryResult::Connection>();
  connection->options = options;
  if (connection->options.client_version.empty()) {
    connection->options.client_version = std::string("duckwire ") + build_info::kVersion;
  }
  TransportOptions transport = options.transport;
  transport.user_agent = std::string("duckwire/") + build_info::kVersion;
  auto opened = HttpTransport::open(endpoint, transport);
  if (!opened) return opened.error();
  connection->transport = std::move(opened).value();

  quack::ConnectionRequest request;
  request.auth_string = std::string(token);
  request.client_duckdb_version = connection->options.client_version;
  request.client_platform = std::string(kPlatform);
  request.min_supported_quack_version = quack::kQuackVersion;
  request.max_supported_quack_version = quack::kQuackVersion;
  auto bytes = connection->send(std::move(request), false);
  if (!bytes) return bytes.error();
  quack::Header header;
  auto response =
      connection->expect<quack::ConnectionResponse>(bytes.value(), MessageType::kConnectionRequest, &header);
  if (!response) return response.error();
  if (response.value().quack_version != quack::kQuackVersion) {
    return bad_reply("the server speaks Quack version " + std::to_string(response.value().quack_version) +
                     "; this client speaks version " + std::to_string(quack::kQuackVersion));
  }
  if (header.connection_id.empty()) return bad_reply("the server's CONNECTION_RESPONSE has no connection id");
  connection->id = std::move(header.connection_id);
  connection->server = std::move(response).value();
  return QuackClient(std::move(connection));
}

Result<QueryResult> QuackClient::query(std::string_view sql) {
  QueryResult::Connection& connection = *connection_;
  const uint64_t generation = ++connection.generation;
  auto bytes = connection.send(quack::PrepareRequest{std::string(sql)});
  if (!bytes) return bytes.error();
  QueryResult result(connection_, generation);
  result.reply_ = std::make_unique<std::string>(std::move(bytes).value());
  auto prepared =
      connection.expect<quack::DecodedPrepareResponse>(*result.reply_, MessageType::kPrepareRequest);
  if (!prepared) return prepared.error();
  quack::DecodedPrepareResponse& response = prepared.value();
  if (response.result_names.size() != response.result_types.size()) {
    return bad_reply("the PREPARE_RESPONSE has " + std::to_string(response.result_names.size()) +
                     " names for " + std::to_string(response.result_types.size()) + " types");
  }
  result.names_ = std::move(response.result_names);
  result.types_ = std::move(response.result_types);
  result.result_uuid_ = response.result_uuid;
  result.needs_fetch_ = response.needs_more_fetch;
  if (auto taken = result.take(std::move(response.results)); !taken) return taken.error();
  return result;
}

Result<void> QuackClient::append(std::string_view schema, std::string_view table, quack::EncodedChunk chunk) {
  QueryResult::Connection& connection = *connection_;
  quack::AppendRequest request{std::string(schema), std::string(table), std::move(chunk)};
  auto bytes = connection.send(std::move(request));
  if (!bytes) return bytes.error();
  auto success = connection.expect<quack::SuccessResponse>(bytes.value(), MessageType::kAppendRequest);
  if (!success) return success.error();
  return {};
}

Result<void> QuackClient::disconnect() {
  QueryResult::Connection& connection = *connection_;
  auto bytes = connection.send(quack::DisconnectMessage{});
  if (!bytes) return bytes.error();
  connection.disconnected = true;
  connection.transport.reset();
  auto success = connection.expect<quack::SuccessResponse>(bytes.value(), MessageType::kDisconnectMessage);
  if (!success) return success.error();
  return {};
}

const std::string& QuackClient::connection_id() const {
  return connection_->id;
}

const quack::ConnectionResponse& QuackClient::server() const {
  return connection_->server;
}

}  // namespace duckwire::quack_client
