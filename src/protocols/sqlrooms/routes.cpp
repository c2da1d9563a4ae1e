#include "protocols/sqlrooms/routes.hpp"

#include <spdlog/spdlog.h>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <filesystem>

#include "config/server_files.hpp"
#include "core/crypto.hpp"
#include "http/access.hpp"
#include "protocols/cancel_on_disconnect.hpp"
#include "protocols/sqlrooms/http_queries.hpp"
#include "protocols/sqlrooms/http_reply_sink.hpp"
#include "protocols/sqlrooms/messages.hpp"
#include "protocols/sqlrooms/result_cache.hpp"
#include "protocols/sqlrooms/ws_session.hpp"
#include "protocols/websocket_upgrade.hpp"

namespace duckwire::sqlrooms {

namespace asio = boost::asio;
namespace fs = std::filesystem;

namespace {

struct FrontDoor {
  FrontDoor(const ServerContext& server_, std::shared_ptr<ResultCache> cache_)
      : server(server_), cache(std::move(cache_)) {}
  const ServerContext& server;
  std::shared_ptr<ResultCache> cache;
  HttpQueries http_queries;
};

std::string random_query_id() {
  std::string id;
  for (uint8_t byte : random_bytes(12))
    id += "0123456789abcdef"[byte >> 4], id += "0123456789abcdef"[byte & 15];
  return id;
}

// The queryId as a plain string: a JSON string loses its quotes, a number keeps its digits.
std::string plain_query_id(const std::string& serialized) {
  boost::system::error_code ec;
  auto value = boost::json::parse(serialized, ec);
  if (!ec && value.is_string()) return std::string(value.get_string());
  return serialized;
}

// Which origin may read a response is set by the HTTP layer; a page may also read the queryId.
std::vector<std::pair<std::string, std::string>> cors_headers() {
  return {{"Access-Control-Expose-Headers", "X-Query-ID"}};
}

http::HttpResponse with_cors(http::HttpResponse response) {
  for (auto& header : cors_headers()) response.headers.push_back(std::move(header));
  return response;
}

http::HttpResponse refusal(const http::AccessCheck& check) {
  boost::json::object error{{"message", http::refusal_message(check)}};
  const boost::json::object body{{"success", false}, {"error", std::move(error)}};
  return with_cors(http::refusal_response(check, boost::json::serialize(body), "application/json"));
}

QueryOwner owner_of(const http::AccessCheck& check, const http::HttpRequest& request) {
  return QueryOwner{check.principal, request.remote_address};
}

asio::awaitable<void> serve_websocket(FrontDoor& door, http::HttpExchange& exchange,
                                      http::AccessCheck check) {
  const ServerContext& server = door.server;
  const http::Access access = check.access;
  if (access == http::Access::kDenied || access == http::Access::kLockedOut ||
      (access == http::Access::kMissing && !server.auth.has_tokens())) {
    co_await exchange.respond(
        http::refusal_response(check, http::refusal_message(check) + "\n", "text/plain; charset=utf-8"));
    co_return;
  }
  auto socket = co_await accept_websocket_upgrade(server, exchange);
  if (!socket) co_return;
  auto session =
      std::make_shared<WsSession>(server, *door.cache, std::move(socket), access == http::Access::kGranted,
                                  check.principal, exchange.request().remote_address);
  server.connections.add(session);
  co_await session->run();
}

asio::awaitable<void> serve_http_query(FrontDoor& door, http::HttpExchange& exchange, std::string_view body,
                                       const QueryOwner& owner) {
  const ServerContext& server = door.server;
  ClientMessage message = parse_client_message(body);
  auto* request = std::get_if<QueryRequest>(&message);
  if (request == nullptr) {
    const auto* invalid = std::get_if<InvalidMessage>(&message);
    const std::string why =
        invalid != nullptr ? invalid->error : "invalid message: expected arrow, json or exec";
    co_await exchange.respond(with_cors(http_error_response(400, why)));
    co_return;
  }
  const std::string id = request->query_id ? plain_query_id(*request->query_id) : random_query_id();
  auto headers = cors_headers();
  headers.emplace_back("X-Query-ID", id);
  // HTTP replies have the Mosaic shape: the body is the result itself.
  QueryRequest plain = *request;
  plain.query_id.reset();
  HttpReplySink sink(exchange, plain.type, std::move(headers), server.metrics);

  auto job = std::make_shared<QueryJob>(server, Protocol::kSqlRooms, server.admission.new_owner(), plain.sql);
  job->identify({.query_id = id, .principal = owner.principal});
  if (plain.statement_timeout) job->limit_time(*plain.statement_timeout);
  door.http_queries.add(owner, id, job);
  cancel_on_disconnect(exchange, job);  // the sink stops watching before it writes
  co_await answer(server, *door.cache, plain, *job, sink);
  exchange.stop_watching_for_close();
  door.http_queries.remove(owner, id, job.get());
  co_await job->close();
}

asio::awaitable<void> serve_root(FrontDoor& door, http::HttpExchange& exchange) {
  const ServerContext& server = door.server;
  const http::HttpRequest& request = exchange.request();
  if (request.method == "OPTIONS") {
    co_await exchange.respond(
        with_cors(http::HttpResponse::preflight("GET, POST, OPTIONS", "Content-Type, Authorization", 86400)));
    co_return;
  }
  const http::AccessCheck access = co_await check_access(server.credentials, request);
  if (exchange.is_websocket_upgrade()) {
    co_await serve_websocket(door, exchange, access);
    co_return;
  }
  if (access.access != http::Access::kGranted) {
    co_await exchange.respond(refusal(access));
    co_return;
  }
  if (request.method == "POST") {
    co_await serve_http_query(door, exchange, request.body, owner_of(access, request));
    co_return;
  }
  auto query = request.query_parameter("query");
  if (!query) {
    co_await exchange.respond(with_cors(http_error_response(400, "missing query parameter")));
    co_return;
  }
  co_await serve_http_query(door, exchange, *query, owner_of(access, request));
}

asio::awaitable<void> serve_cancel(FrontDoor& door, http::HttpExchange& exchange) {
  const ServerContext& server = door.server;
  const http::HttpRequest& request = exchange.request();
  if (request.method == "OPTIONS") {
    co_await serve_root(door, exchange);
    co_return;
  }
  const http::AccessCheck access = co_await check_access(server.credentials, request);
  if (access.access != http::Access::kGranted) {
    co_await exchange.respond(refusal(access));
    co_return;
  }
  const auto cancel = parse_cancel_body(request.body);
  if (const auto* invalid = std::get_if<InvalidMessage>(&cancel)) {
    co_await exchange.respond(with_cors(http_error_response(400, invalid->error)));
    co_return;
  }
  const std::string plain_id = plain_query_id(std::get<CancelRequest>(cancel).query_id);
  if (door.http_queries.cancel(owner_of(access, request), plain_id)) {
    co_await exchange.respond(with_cors(http::HttpResponse::json(200, R"({"success":true})")));
  } else {
    co_await exchange.respond(with_cors(http_error_response(404, "query not running: " + plain_id)));
  }
}

asio::awaitable<void> serve_cache_clear(FrontDoor& door, http::HttpExchange& exchange) {
  const ServerContext& server = door.server;
  const http::AccessCheck access = co_await check_access(server.credentials, exchange.request());
  if (access.access != http::Access::kGranted) {
    co_await exchange.respond(refusal(access));
    co_return;
  }
  co_await server.workers.run([&door] { door.cache->clear(); });
  co_await exchange.respond(with_cors(http::HttpResponse::json(200, R"({"success":true})")));
}

}  // namespace

std::shared_ptr<ResultCache> make_result_cache(const Config& config) {
  if (config.cache_dir)
    return std::make_shared<ResultCache>(*config.cache_dir, config.cache_max_bytes, false);
  if (config.db_path != ":memory:" && !config.db_path.empty()) {
    return std::make_shared<ResultCache>(config.db_path + ".duckwire-cache", config.cache_max_bytes, false);
  }
  // mkdtemp replaces the six trailing placeholder characters.
  std::string pattern = temporary_cache_pattern();
  if (mkdtemp(pattern.data()) == nullptr) spdlog::warn("cannot create a temporary cache directory");
  return std::make_shared<ResultCache>(pattern, config.cache_max_bytes, true);
}

void add_sqlrooms_routes(http::Router& router, const ServerContext& server,
                         std::shared_ptr<ResultCache> cache) {
  auto door = std::make_shared<FrontDoor>(server, std::move(cache));
  router.add("/", {"GET", "POST", "OPTIONS"}, [door](http::HttpExchange& exchange) -> asio::awaitable<void> {
    co_await serve_root(*door, exchange);
  });
  router.add("/cache", {"DELETE"}, [door](http::HttpExchange& exchange) -> asio::awaitable<void> {
    co_await serve_cache_clear(*door, exchange);
  });
  router.add("/cancel", {"POST", "OPTIONS"}, [door](http::HttpExchange& exchange) -> asio::awaitable<void> {
    co_await serve_cancel(*door, exchange);
  });
}

}  // namespace duckwire::sqlrooms
