#include "protocols/websocket_upgrade.hpp"

namespace duckwire {

boost::asio::awaitable<std::unique_ptr<http::WebSocket>> accept_websocket_upgrade(const ServerContext& server,
                                                                                  http::HttpExchange& exchange,
                                                                                  std::string subprotocol) {
  if (!server.ready.load()) {
    co_await exchange.respond(http::HttpResponse::text(503, "not ready\n"));
    co_return nullptr;
  }
  http::WebSocketOptions options;
  options.max_message_bytes = server.config.max_message_bytes;
  options.idle_timeout = server.config.idle_timeout;
  options.subprotocol = std::move(subprotocol);
  co_return co_await exchange.accept_websocket(options);
}

}  // namespace duckwire
