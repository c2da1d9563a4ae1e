#include "http/health_routes.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "build_info.hpp"

namespace duckwire::http {

std::string version_json(const std::string& engine_version) {
  boost::json::object build{{"commit", build_info::kGitCommit},
                            {"compiler", build_info::kCompiler},
                            {"type", build_info::kBuildType}};
  boost::json::object body{{"name", "duckwire"},
                           {"version", build_info::kVersion},
                           {"duckdb", engine_version},
                           {"build", std::move(build)}};
  return boost::json::serialize(body);
}

void add_health_routes(Router& router, const HealthState& health) {
  router.add("/healthz", {"GET"}, [](HttpExchange& exchange) -> boost::asio::awaitable<void> {
    co_await exchange.respond(HttpResponse::text(200, "ok"));
  });
  router.add("/readyz", {"GET"}, [&health](HttpExchange& exchange) -> boost::asio::awaitable<void> {
    const bool ready = health.ready.load();
    HttpResponse response = HttpResponse::text(ready ? 200 : 503, ready ? "ok" : "not ready");
    co_await exchange.respond(std::move(response));
  });
  router.add(
      "/version", {"GET"},
      [body = version_json(health.engine_version)](HttpExchange& exchange) -> boost::asio::awaitable<void> {
        co_await exchange.respond(HttpResponse::json(200, body));
      });
  router.add("/metrics", {"GET"}, [&health](HttpExchange& exchange) -> boost::asio::awaitable<void> {
    HttpResponse response = HttpResponse::text(200, health.metrics.render_prometheus());
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    co_await exchange.respond(std::move(response));
  });
}

}  // namespace duckwire::http
