#pragma once
// The /sql front door on the HTTP port: JSON-RPC 2.0 over WebSocket and the HTTP SQL API, with HTTP
// Basic (also as a WebSocket subprotocol, for browsers) and Bearer credentials.

#include "core/server_context.hpp"
#include "http/router.hpp"

namespace duckwire::jsonrpc {

void add_jsonrpc_routes(http::Router& router, const ServerContext& server);

}  // namespace duckwire::jsonrpc
