#pragma once
// A synchronous Quack client: one connection to a Quack server (duckwire's, or a DuckDB running
// quack_serve) over HTTP/1.1 keep-alive.
//
//   auto client = QuackClient::connect(endpoint, token);
//   auto result = client->query("SELECT ...");
//   while (true) {
//     auto chunk = result->next_chunk();   // the server's chunks one at a time, FETCHed as needed
//     if (!chunk || *chunk == nullptr) break;
//   }
//   client->disconnect();
//
// Errors: kInvalidInput carries an ERROR_RESPONSE's message as the server wrote it (a SQL error, a
// refused token); kUnavailable a transport failure (see http_transport.hpp); kIo a reply that is not the
// Quack message the request asks for.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clients/quack/endpoint.hpp"
#include "clients/quack/http_transport.hpp"
#include "protocols/quack/messages.hpp"
#include "util/error.hpp"

namespace duckwire::quack_client {

struct ClientOptions {
  TransportOptions transport;
  std::string client_version;  // CONNECTION_REQUEST's client_duckdb_version; empty: duckwire's version
  quack::DecodeLimits decode_limits;
};

class QuackClient;

// The rows of one query, handed out chunk by chunk. Only the chunks of one reply are held at a time,
// so a result of any size streams through a bounded amount of memory. A later query on the same client
// closes this result (the server keeps one open result per connection).
class QueryResult {
 public:
  const std::vector<std::string>& names() const { return names_; }
  const std::vector<quack::LogicalType>& types() const { return types_; }

  // The next chunk (never one of 0 rows), valid until the next call; nullptr once the result is
  // exhausted. After an error every later call returns that error again.
  Result<const quack::DecodedChunk*> next_chunk();

 private:
  friend class QuackClient;
  struct Connection;
  QueryResult(std::shared_ptr<Connection> connection, uint64_t generation);

  // Takes the chunks of the reply in reply_ (0-row chunks left out), checked against the result's types.
  Result<void> take(std::vector<quack::DecodedChunk> chunks);
  // FETCHes the next chunks; none when the result is exhausted.
  Result<void> fetch();

  std::shared_ptr<Connection> connection_;
  uint64_t generation_ = 0;
  std::vector<std::string> names_;
  std::vector<quack::LogicalType> types_;
  int128_t result_uuid_ = 0;
  bool needs_fetch_ = false;
  std::optional<Error> failure_;
  std::unique_ptr<std::string> reply_;  // the reply the chunks view (its bytes stay put when moved)
  std::vector<quack::DecodedChunk> chunks_;
  size_t next_ = 0;
};

class QuackClient {
 public:
  // Opens the connection and sends CONNECTION_REQUEST with `token` (none when empty).
  static Result<QuackClient> connect(const Endpoint& endpoint, std::string_view token,
                                     const ClientOptions& options = {});

  QuackClient(QuackClient&&) noexcept;
  QuackClient& operator=(QuackClient&&) noexcept;
  ~QuackClient();

  // Runs one SQL statement (PREPARE); its rows follow through the QueryResult.
  Result<QueryResult> query(std::string_view sql);
  // APPEND_REQUEST: `chunk` is a DataChunk object (DataChunkWriter's output) whose columns the server
  // casts to the table's types. An empty `schema` resolves the table on the connection's search path.
  Result<void> append(std::string_view schema, std::string_view table, quack::EncodedChunk chunk);
  // DISCONNECT_MESSAGE; the client cannot be used afterwards.
  Result<void> disconnect();

  const std::string& connection_id() const;
  const quack::ConnectionResponse& server() const;

 private:
  explicit QuackClient(std::shared_ptr<QueryResult::Connection> connection);
  std::shared_ptr<QueryResult::Connection> connection_;
};

}  // namespace duckwire::quack_client
