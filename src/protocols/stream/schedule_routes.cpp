#include "protocols/stream/schedule_routes.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>

#include "http/access.hpp"
#include "protocols/stream/json_errors.hpp"
#include "protocols/stream/schedule_messages.hpp"

namespace duckwire::stream {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr const char* kCollection = "/schedules";
constexpr const char* kItemPrefix = "/schedules/";

http::HttpResponse json_response(int status, const json::object& body) {
  return http::HttpResponse::json(status, json::serialize(body));
}

int status_of(const Error& error) {
  switch (error.kind) {
    case ErrorKind::kInvalidInput:
      return 400;
    case ErrorKind::kCatalog:
      return 404;
    case ErrorKind::kTransactionConflict:
    case ErrorKind::kOutOfRange:
      return 409;
    case ErrorKind::kUnavailable:
      return 503;
    default:
      return 500;
  }
}

http::HttpResponse method_not_allowed(const char* allow) {
  http::HttpResponse response = json_error(405, "method not allowed");
  response.headers.emplace_back("Allow", allow);
  return response;
}

// Answers a browser's preflight, or checks the request's credentials: who asks ("" without
// authentication), or nothing when the request was answered here.
asio::awaitable<std::optional<std::string>> admitted(const ServerContext& server,
                                                     http::HttpExchange& exchange, const char* allow) {
  const http::HttpRequest& request = exchange.request();
  if (request.method == "OPTIONS") {
    http::HttpResponse response = http::HttpResponse::preflight(allow, "Content-Type, Authorization");
    response.headers.emplace_back("Allow", allow);
    co_await exchange.respond(std::move(response));
    co_return std::nullopt;
  }
  http::AccessCheck access = co_await check_access(server.credentials, request);
  if (access.access == http::Access::kGranted) co_return std::move(access.principal);
  co_await exchange.respond(json_refusal(access));
  co_return std::nullopt;
}

std::optional<int64_t> schedule_id(std::string_view text) {
  int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || id < 1) return std::nullopt;
  return id;
}

asio::awaitable<void> create(const ServerContext& server, const std::shared_ptr<Scheduler>& scheduler,
                             http::HttpExchange& exchange, std::string principal) {
  const http::HttpRequest& request = exchange.request();
  if (request.body.size() > kMaxBodyBytes) {
    co_await exchange.respond(
        json_error(413, "the body is larger than " + std::to_string(kMaxBodyBytes) + " bytes"));
    co_return;
  }
  auto spec = parse_schedule_body(request.body);
  if (!spec) {
    co_await exchange.respond(json_error(400, spec.error().message));
    co_return;
  }
  auto task = [scheduler, spec = std::move(spec).value(), principal = std::move(principal)]() mutable {
    return scheduler->create(std::move(spec), std::move(principal));
  };
  auto storing = server.workers.run(std::move(task));
  Result<ScheduleState> created = co_await std::move(storing);
  if (!created) {
    co_await exchange.respond(json_error(status_of(created.error()), created.error().message));
    co_return;
  }
  http::HttpResponse response = json_response(201, schedule_json(created.value()));
  response.headers.emplace_back("Location", kItemPrefix + std::to_string(created->definition.id));
  co_await exchange.respond(std::move(response));
}

http::HttpResponse list_response(const Scheduler& scheduler) {
  json::array schedules;
  for (const ScheduleState& state : scheduler.list()) schedules.push_back(schedule_json(state));
  return json_response(200, json::object{{"schedules", std::move(schedules)}});
}

asio::awaitable<void> serve_collection(const ServerContext& server,
                                       const std::shared_ptr<Scheduler>& scheduler,
                                       http::HttpExchange& exchange) {
  constexpr const char* kAllow = "OPTIONS, GET, POST";
  std::optional<std::string> principal = co_await admitted(server, exchange, kAllow);
  if (!principal) co_return;
  if (exchange.request().method == "POST") {
    auto creating = create(server, scheduler, exchange, std::move(*principal));
    co_await std::move(creating);
    co_return;
  }
  co_await exchange.respond(list_response(*scheduler));
}

asio::awaitable<void> run_now(const std::shared_ptr<Scheduler>& scheduler, http::HttpExchange& exchange,
                              int64_t id) {
  const auto state = scheduler->find(id);
  if (!state) {
    co_await exchange.respond(json_error(404, "no schedule " + std::to_string(id)));
    co_return;
  }
  auto running = scheduler->run_now(id);
  Result<ScheduleRun> run = co_await std::move(running);
  if (!run) {
    co_await exchange.respond(json_error(status_of(run.error()), run.error().message));
    co_return;
  }
  http::HttpResponse outcome = json_response(200, schedule_executed_data(state->definition, run.value()));
  co_await exchange.respond(std::move(outcome));
}

asio::awaitable<void> remove(const ServerContext& server, const std::shared_ptr<Scheduler>& scheduler,
                             http::HttpExchange& exchange, int64_t id) {
  auto task = [scheduler, id] { return scheduler->remove(id); };
  auto removing = server.workers.run(std::move(task));
  Result<void> removed = co_await std::move(removing);
  if (!removed) {
    co_await exchange.respond(json_error(status_of(removed.error()), removed.error().message));
    co_return;
  }
  http::HttpResponse response;
  response.status = 204;
  co_await exchange.respond(std::move(response));
}

// /schedules/{id} and /schedules/{id}/run
asio::awaitable<void> serve_item(const ServerContext& server, const std::shared_ptr<Scheduler>& scheduler,
                                 http::HttpExchange& exchange) {
  const http::HttpRequest& request = exchange.request();
  std::string_view rest = std::string_view(request.path).substr(std::string_view(kItemPrefix).size());
  const bool run = rest.ends_with("/run");
  if (run) rest.remove_suffix(4);
  const char* allow = run ? "OPTIONS, POST" : "OPTIONS, GET, DELETE";
  const std::optional<std::string> principal = co_await admitted(server, exchange, allow);
  if (!principal) co_return;
  const auto id = schedule_id(rest);
  if (!id) {
    co_await exchange.respond(json_error(404, "no schedule '" + std::string(rest) + "'"));
    co_return;
  }
  if (run && request.method == "POST") {
    co_await run_now(scheduler, exchange, *id);
  } else if (!run && request.method == "GET") {
    const auto state = scheduler->find(*id);
    http::HttpResponse shown = state ? json_response(200, schedule_json(*state))
                                     : json_error(404, "no schedule " + std::to_string(*id));
    co_await exchange.respond(std::move(shown));
  } else if (!run && request.method == "DELETE") {
    co_await remove(server, scheduler, exchange, *id);
  } else {
    co_await exchange.respond(method_not_allowed(allow));
  }
}

}  // namespace

void add_schedule_routes(http::Router& router, const ServerContext& server,
                         std::shared_ptr<Scheduler> scheduler) {
  router.add(kCollection, {"GET", "POST", "OPTIONS"},
             [&server, scheduler](http::HttpExchange& exchange) -> asio::awaitable<void> {
               co_await serve_collection(server, scheduler, exchange);
             });
  router.add_prefix(kItemPrefix, [&server, scheduler](http::HttpExchange& exchange) -> asio::awaitable<void> {
    co_await serve_item(server, scheduler, exchange);
  });
}

}  // namespace duckwire::stream
