#pragma once
// JSON-RPC 2.0 requests of the /sql WebSocket (../shared/specs/jsonrpc-sql.md):
// {"jsonrpc":"2.0","id":ID,"method":"sql","params":{"q":SQL,"p":PARAMS,"m":BOOL}} or params [q, p, m].

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "protocols/jsonrpc/sql_call.hpp"

namespace duckwire::jsonrpc {

enum RpcErrorCode : int {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kInternalError = -32603,
};

struct RpcRequest {
  std::string id;  // serialized JSON, echoed exactly: a string keeps its quotes
  SqlCall call;
  // params member "statementTimeoutMs" (object form only): a duckwire extension Endb clients never send.
  std::optional<std::chrono::milliseconds> statement_timeout;
};

struct RpcFailure {
  std::string id;  // "null" when the request's id is unknown
  int code = kInternalError;
  std::string message;
};

std::variant<RpcRequest, RpcFailure> parse_rpc_request(std::string_view text);

}  // namespace duckwire::jsonrpc
