#pragma once
// Client messages of the SQLRooms / Mosaic query protocol, parsed from a JSON frame.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace duckwire::sqlrooms {

enum class QueryType { kArrow, kJson, kExec };

struct QueryRequest {
  QueryType type = QueryType::kExec;
  std::string sql;
  // The queryId exactly as sent (serialized JSON: a string keeps its quotes); absent for Mosaic.
  std::optional<std::string> query_id;
  bool persist = false;
  // "statementTimeoutMs": the client's own limit; it can only lower the server's --statement-timeout.
  std::optional<std::chrono::milliseconds> statement_timeout;
};

struct CancelRequest {
  std::string query_id;  // serialized JSON, as in QueryRequest
};

struct SubscribeRequest {
  std::string channel;
};

struct UnsubscribeRequest {
  std::string channel;
};

struct NotifyRequest {
  std::string channel;
  std::string payload_json;  // any JSON value, serialized; "null" when absent
};

struct AuthRequest {
  std::string token;
};

// A message the server refuses; `error` is the text of the reply's "error" field.
struct InvalidMessage {
  std::string error;
};

using ClientMessage = std::variant<QueryRequest, CancelRequest, SubscribeRequest, UnsubscribeRequest,
                                   NotifyRequest, AuthRequest, InvalidMessage>;

ClientMessage parse_client_message(std::string_view text);

// The body of `POST /cancel`, {"queryId": ...}: the id is kept and refused as in a "cancel" message.
std::variant<CancelRequest, InvalidMessage> parse_cancel_body(std::string_view text);

}  // namespace duckwire::sqlrooms
