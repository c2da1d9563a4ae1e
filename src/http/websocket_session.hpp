#pragma once

#include <memory>

#include "http/beast_streams.hpp"
#include "http/http_exchange.hpp"

namespace duckwire::http {

// Takes over `stream` and completes the WebSocket handshake for `request`; null when it fails.
template <class Stream>
boost::asio::awaitable<std::unique_ptr<WebSocket>> accept_websocket(Stream stream,
                                                                    const BeastRequest& request,
                                                                    const WebSocketOptions& options);

}  // namespace duckwire::http
