#include "http/router.hpp"

#include <algorithm>

namespace duckwire::http {

void Router::add(std::string path, std::vector<std::string> methods, Handler handler) {
  routes_[std::move(path)] = Route{std::move(methods), std::move(handler)};
}

void Router::add_prefix(std::string prefix, Handler handler) {
  prefixes_.emplace_back(std::move(prefix), std::move(handler));
}

boost::asio::awaitable<void> Router::dispatch(HttpExchange& exchange) const {
  const HttpRequest& request = exchange.request();
  const auto found = routes_.find(request.path);
  if (found == routes_.end()) {
    for (const auto& [prefix, handler] : prefixes_) {
      if (request.path.starts_with(prefix)) {
        co_await handler(exchange);
        co_return;
      }
    }
    if (fallback_) {
      co_await fallback_(exchange);
      co_return;
    }
    co_await exchange.respond(HttpResponse::text(404, "not found\n"));
    co_return;
  }
  const Route& route = found->second;
  if (std::find(route.methods.begin(), route.methods.end(), request.method) == route.methods.end()) {
    HttpResponse response = HttpResponse::text(405, "method not allowed\n");
    std::string allow;
    for (const auto& method : route.methods) allow += (allow.empty() ? "" : ", ") + method;
    response.headers.emplace_back("Allow", allow);
    co_await exchange.respond(std::move(response));
    co_return;
  }
  co_await route.handler(exchange);
}

}  // namespace duckwire::http
