#pragma once
// Accepting a WebSocket upgrade for a front door, with the server's limits (message size, idle
// timeout). Shared by every front door that speaks WebSocket.

#include <boost/asio/awaitable.hpp>

#include <memory>
#include <string>

#include "core/server_context.hpp"
#include "http/http_exchange.hpp"

namespace duckwire {

// The upgraded connection; null after answering 503 while the server is not ready, or when the
// handshake failed. `subprotocol`, when not empty, is echoed in the 101 response.
boost::asio::awaitable<std::unique_ptr<http::WebSocket>> accept_websocket_upgrade(const ServerContext& server,
                                                                                  http::HttpExchange& exchange,
                                                                                  std::string subprotocol = {});

}  // namespace duckwire
