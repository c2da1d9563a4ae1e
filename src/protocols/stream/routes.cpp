#include "protocols/stream/routes.hpp"

#include "http/access.hpp"
#include "protocols/stream/ws_session.hpp"
#include "protocols/websocket_upgrade.hpp"

namespace duckwire::stream {

namespace asio = boost::asio;

namespace {

// Credentials may come with the upgrade (Authorization header, ?token=) or, from a browser that cannot
// set headers, in an `auth` message first. Wrong credentials on the upgrade are refused there.
asio::awaitable<void> serve_ws(const ServerContext& server, http::HttpExchange& exchange) {
  const http::HttpRequest& request = exchange.request();
  if (!exchange.is_websocket_upgrade()) {
    co_await exchange.respond(
        http::HttpResponse::text(426, "/ws speaks WebSocket: see docs/protocols/stream.md\n"));
    co_return;
  }
  const http::AccessCheck access = co_await check_access(server.credentials, request);
  if (access.access == http::Access::kDenied || access.access == http::Access::kLockedOut) {
    co_await exchange.respond(
        http::refusal_response(access, http::refusal_message(access) + "\n", "text/plain; charset=utf-8"));
    co_return;
  }
  auto socket = co_await accept_websocket_upgrade(server, exchange);
  if (!socket) co_return;
  auto session =
      std::make_shared<StreamSession>(server, std::move(socket), access.access == http::Access::kGranted,
                                      access.principal, request.remote_address);
  server.connections.add(session);
  co_await session->run();
}

}  // namespace

void add_stream_routes(http::Router& router, const ServerContext& server) {
  router.add("/ws", {"GET"}, [&server](http::HttpExchange& exchange) -> asio::awaitable<void> {
    co_await serve_ws(server, exchange);
  });
}

}  // namespace duckwire::stream
