#include "protocols/jsonrpc/routes.hpp"

#include "http/access.hpp"
#include "protocols/jsonrpc/http_sql.hpp"
#include "protocols/jsonrpc/ws_session.hpp"
#include "protocols/websocket_upgrade.hpp"
#include "util/ascii.hpp"

namespace duckwire::jsonrpc {

namespace asio = boost::asio;

namespace {

// Browsers cannot set headers on a WebSocket, so Endb's client sends its credentials as the
// subprotocol encodeURIComponent("Basic " + base64(user:password)). The server must echo it.
struct SubprotocolCredentials {
  std::string subprotocol;  // as offered
  std::optional<HttpCredential> credential;
};

std::optional<SubprotocolCredentials> basic_subprotocol(const http::HttpRequest& request) {
  auto offered = request.header("sec-websocket-protocol");
  if (!offered) return std::nullopt;
  std::string_view rest = *offered;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    std::string_view token = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
    const std::string decoded = http::percent_decode(token, false);
    if (starts_with_ignoring_case(decoded, "Basic ")) {
      return SubprotocolCredentials{std::string(token), parse_authorization_header(decoded)};
    }
  }
  return std::nullopt;
}

http::HttpResponse refusal(const http::AccessCheck& check) {
  return http::refusal_response(check, http::refusal_message(check) + "\n", "text/plain; charset=utf-8",
                                "Basic realm=\"duckwire\"");
}

asio::awaitable<void> serve_websocket(const ServerContext& server, http::HttpExchange& exchange,
                                      std::string subprotocol, const std::string& principal) {
  auto socket = co_await accept_websocket_upgrade(server, exchange, std::move(subprotocol));
  if (!socket) co_return;
  auto session = std::make_shared<RpcWsSession>(server, std::move(socket), principal);
  server.connections.add(session);
  co_await session->run();
}

asio::awaitable<void> serve_sql(const ServerContext& server, http::HttpExchange& exchange) {
  const http::HttpRequest& request = exchange.request();
  if (request.method == "OPTIONS") {
    http::HttpResponse response =
        http::HttpResponse::preflight("OPTIONS, GET, POST", "Content-Type, Accept, Authorization");
    response.headers.emplace_back("Allow", "OPTIONS, GET, POST");
    co_await exchange.respond(std::move(response));
    co_return;
  }
  http::AccessCheck access = co_await check_access(server.credentials, request);
  std::string subprotocol;
  if (exchange.is_websocket_upgrade()) {
    if (auto offered = basic_subprotocol(request)) {
      subprotocol = offered->subprotocol;
      if (access.access == http::Access::kMissing) {
        if (offered->credential) {
          access = co_await check_credential(server.credentials, std::move(*offered->credential), request);
        } else {
          access.access = http::Access::kDenied;
        }
      }
    }
  }
  if (access.access != http::Access::kGranted) {
    co_await exchange.respond(refusal(access));
    co_return;
  }
  if (exchange.is_websocket_upgrade()) {
    auto serving = serve_websocket(server, exchange, std::move(subprotocol), access.principal);
    co_await std::move(serving);
    co_return;
  }
  co_await serve_http_sql(server, exchange, access.principal);
}

}  // namespace

void add_jsonrpc_routes(http::Router& router, const ServerContext& server) {
  router.add("/sql", {"GET", "POST", "OPTIONS"},
             [&server](http::HttpExchange& exchange) -> asio::awaitable<void> {
               co_await serve_sql(server, exchange);
             });
}

}  // namespace duckwire::jsonrpc
