#pragma once
// The client's messages on /ws (../shared/specs/stream.md): text frames {"type": T, "data": {...}},
// read into one value per type. Pure functions, no I/O.
//
// chunk_rows: absent means kDefaultChunkRows; any JSON number is taken (a fraction is cut to its whole
// part) and clamped to 1..kMaxChunkRows, so 0 sends one row per chunk and 10^9 sends 100000; anything
// else (a string, true, null) is an error. A batch holds at most kMaxBatchMessages messages and no
// batch inside it.

#include <boost/json/value.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "protocols/jsonrpc/sql_call.hpp"

namespace duckwire::stream {

inline constexpr size_t kDefaultChunkRows = 1000;
inline constexpr size_t kMaxChunkRows = 100000;
inline constexpr size_t kMaxBatchMessages = 1000;

// `token` or `session_id` (duckwire has no login sessions of its own: a session id is checked as a
// token), or `user` and `password` for a server with users.
struct AuthMessage {
  std::optional<std::string> token;
  std::optional<std::string> user;
  std::string password;
};

// `params` as /sql's `p` takes them (an array binds $1.., an object binds $name): the call is read by
// the JSON-RPC door's make_sql_call, so both doors bind alike.
struct QueryMessage {
  std::string sql;                      // as sent
  std::optional<std::string> query_id;  // a number is kept as its digits
  size_t chunk_rows = kDefaultChunkRows;
  jsonrpc::SqlCall call;
};

struct CancelMessage {
  std::string query_id;
};

struct SubscriptionMessage {
  bool subscribe = true;  // false: unsubscribe
  std::vector<std::string> events;
};

struct PingMessage {};

struct BatchMessage {
  std::vector<boost::json::value> messages;  // each read with read_client_message when its turn comes
};

struct InvalidMessage {
  std::string error;
  std::optional<std::string> query_id;  // when the message named one
};

using ClientMessage = std::variant<AuthMessage, QueryMessage, CancelMessage, SubscriptionMessage, PingMessage,
                                   BatchMessage, InvalidMessage>;

ClientMessage parse_client_message(std::string_view text);
// A message already parsed as JSON (a member of a batch).
ClientMessage read_client_message(const boost::json::value& message);

// The rows per result_chunk a `chunk_rows` value asks for (see above); an error text when it is not a number.
std::variant<size_t, std::string> chunk_rows_from_json(const boost::json::value* value);

}  // namespace duckwire::stream
