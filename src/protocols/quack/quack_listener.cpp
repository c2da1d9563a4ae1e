#include "protocols/quack/quack_listener.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/this_coro.hpp>

#include <chrono>

#include "core/admission_turn.hpp"
#include "protocols/quack/quack_service.hpp"

namespace duckwire::quack {

namespace asio = boost::asio;

namespace {

constexpr auto kSweepEvery = std::chrono::seconds(1);
constexpr std::string_view kIdentification =
    "This is a DuckDB Quack RPC endpoint (duckwire). Use ATTACH 'quack:HOST:PORT' to connect here.\n";

// A Quack token is one of the server's tokens or, for its users, "NAME:PASSWORD".
HttpCredential credential_of(const Authenticator& auth, const std::string& token) {
  if (!auth.check_token(token)) {
    const size_t colon = token.find(':');
    if (colon != std::string::npos && auth.find_user(std::string_view(token).substr(0, colon)) != nullptr) {
      return BasicCredentials{token.substr(0, colon), token.substr(colon + 1)};
    }
  }
  return BearerToken{token};
}

TokenCheck token_check(CredentialChecker& credentials) {
  if (!credentials.authenticator().enabled()) return {};
  return [&credentials](const std::string& token, const std::string& address) -> Result<std::string> {
    const CredentialVerdict verdict =
        credentials.check_here(credential_of(credentials.authenticator(), token), address);
    switch (verdict.kind) {
      case CredentialVerdict::Kind::kGranted:
        return verdict.principal;
      case CredentialVerdict::Kind::kLockedOut:
        return Error{ErrorKind::kPermission, lockout_message(verdict.retry_after)};
      case CredentialVerdict::Kind::kDenied:
        break;
    }
    return Error{ErrorKind::kPermission, "Authentication failed"};
  };
}

QuackServiceOptions service_options(const ServerContext& server) {
  QuackServiceOptions options;
  options.check_token = token_check(server.credentials);
  options.server_version = server.backend.engine_version();
  options.active = &server.active;
  options.timer = &server.statement_timer;
  options.statement_timeout = server.config.statement_timeout;
  return options;
}

std::string short_id(const std::string& connection_id) {
  return connection_id.substr(0, 8);
}

void log_answer(const QuackAnswer& answer, double milliseconds) {
  if (!spdlog::should_log(spdlog::level::debug)) return;
  spdlog::debug("quack message={} connection={} query_id={} duration_ms={:.3f}{}{}", message_type_name(answer.type),
                short_id(answer.connection_id),
                answer.client_query_id == kInvalidIndex ? std::string("-") : std::to_string(answer.client_query_id),
                milliseconds, answer.sql.empty() ? "" : fmt::format(" sql={:?}", answer.sql),
                answer.error.empty() ? "" : fmt::format(" error={:?}", answer.error));
}

void publish_statement_end(ServerEvents& events, const QuackAnswer& answer) {
  if (!answer.statement_end || !events.has_subscribers(ServerEvents::kQueryCompleted)) return;
  const StatementEnd& end = *answer.statement_end;
  QueryCompleted event;
  event.sql = end.sql;
  event.principal = answer.principal;
  event.protocol = Protocol::kQuack;
  event.success = end.success;
  event.rows_returned = static_cast<int64_t>(end.rows);
  event.execution_time_ms = std::chrono::duration<double, std::milli>(Clock::now() - end.started).count();
  event.error = end.error;
  events.query_completed(event);
}

void count_answer(Metrics& metrics, const QuackAnswer& answer, double seconds) {
  if (answer.type != MessageType::kPrepareRequest && answer.type != MessageType::kAppendRequest) return;
  metrics.query_started(Protocol::kQuack);
  if (answer.error.empty()) {
    metrics.query_finished(Protocol::kQuack, seconds);
  } else {
    metrics.query_failed(Protocol::kQuack);
  }
}

http::HttpResponse quack_response(std::string bytes) {
  http::HttpResponse response;
  response.content_type = "application/vnd.duckdb";
  response.body = std::move(bytes);
  return response;
}

}  // namespace

// What every request's worker task shares; outlives the listener while a task still runs.
struct QuackDoor : std::enable_shared_from_this<QuackDoor> {
  QuackDoor(const ServerContext& server)
      : server(server),
        sessions(server.config.quack_max_connections, server.config.quack_idle_timeout),
        service(server.backend, sessions, service_options(server)) {}

  const ServerContext& server;
  QuackSessions sessions;
  QuackService service;
};

namespace {

// The admission owner a request takes turns as: its connection's, or one of its own for a request that
// opens a connection or names none the server holds.
AdmissionOwner owner_of(QuackDoor& door, const MessageHeader& message) {
  if (message.type != MessageType::kConnectionRequest) {
    if (auto connection = door.sessions.find(message.header.connection_id, Clock::now())) return connection->owner;
  }
  return door.server.admission.new_owner();
}

// Work for a connection after its request was answered (reading a result ahead, appending an APPEND's
// rows), in a place of the connection's owner like any of its requests; `refused` when it gets none.
template <class Work, class Refused>
asio::awaitable<void> work_after_answer(std::shared_ptr<QuackDoor> door, AdmissionOwner owner, Work work,
                                        Refused refused) {
  auto place = co_await wait_for_place(door->server.admission, owner, Protocol::kQuack);
  if (!place) {
    refused();
    co_return;
  }
  // The task owns what it uses: the server may stop while a worker still runs it.
  auto working = door->server.workers.run(std::move(work));
  co_await std::move(working);
}

void start_work_after_answer(const asio::any_io_executor& executor, QuackDoor& door, AdmissionOwner owner,
                             const QuackAnswer& answer) {
  const std::shared_ptr<QuackDoor> shared = door.shared_from_this();
  const std::string& id = answer.connection_id;
  if (answer.read_ahead) {
    const int128_t uuid = *answer.read_ahead;
    asio::co_spawn(executor,
                   work_after_answer(
                       shared, owner, [shared, id, uuid] { shared->service.read_ahead(id, uuid); },
                       [shared, id, uuid] { shared->service.read_ahead_refused(id, uuid); }),
                   asio::detached);
  }
  if (answer.append_later) {
    asio::co_spawn(executor,
                   work_after_answer(
                       shared, owner, [shared, id] { shared->service.finish_append(id); }, [] {}),
                   asio::detached);
  }
}

// The door by reference: the listener outlives its connections' coroutines.
// APPENDs up to this size that their connection takes ahead are decoded and answered on the I/O thread,
// without the trips to a worker and back; larger ones are decoded on a worker.
constexpr size_t kInlineAppendBytes = 128 * 1024;

void log_and_count(QuackDoor& door, const QuackAnswer& answer, std::chrono::steady_clock::time_point started) {
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  log_answer(answer, took.count() * 1000);
  count_answer(door.server.metrics, answer, took.count());
  publish_statement_end(door.server.events, answer);
}

asio::awaitable<void> answer_message(http::HttpExchange& exchange, QuackDoor& door) {
  const http::HttpRequest& request = exchange.request();
  const auto started = std::chrono::steady_clock::now();
  std::string body = exchange.take_body();
  auto message = decode_header(body);
  if (!message) {
    co_await exchange.respond(http::HttpResponse::text(400, "not a Quack message: " + message.error().message + "\n"));
    co_return;
  }
  const AdmissionOwner owner = owner_of(door, message.value());
  if (message.value().type == MessageType::kAppendRequest && body.size() <= kInlineAppendBytes) {
    auto answered = door.service.answer_append_ahead(body, QuackCaller{request.remote_address, 0, owner, Clock::now()});
    if (answered) {
      log_and_count(door, *answered, started);
      start_work_after_answer(co_await asio::this_coro::executor, door, owner, *answered);
      co_await exchange.respond(quack_response(std::move(answered->bytes)));
      co_return;
    }
  }
  auto place = co_await wait_for_place(door.server.admission, owner, Protocol::kQuack);
  if (!place) {
    co_await exchange.respond(quack_response(encode(error_message(message.value().header, place.error().message))));
    co_return;
  }
  const QuackCaller caller{request.remote_address, 0, owner, Clock::now()};
  // The task owns a share of the door (a worker may still run it while the server stops). It is made
  // outside the co_await expression: GCC 12 destroys the temporaries of a co_await operand twice.
  auto answering = door.server.workers.run([shared = door.shared_from_this(), body = std::move(body), &caller]() mutable {
    return shared->service.answer(std::move(body), caller);
  });
  auto answered = co_await std::move(answering);
  place.value().leave();
  if (!answered) {
    co_await exchange.respond(http::HttpResponse::text(400, answered.error().message + "\n"));
    co_return;
  }
  log_and_count(door, answered.value(), started);
  start_work_after_answer(co_await asio::this_coro::executor, door, owner, answered.value());
  co_await exchange.respond(quack_response(std::move(answered.value().bytes)));
}

asio::awaitable<void> answer_quack(http::HttpExchange& exchange, QuackDoor& door) {
  if (exchange.request().method == "OPTIONS") {
    co_await exchange.respond(http::HttpResponse::preflight("GET, POST, OPTIONS", "*", 600));
    co_return;
  }
  co_await answer_message(exchange, door);
}

http::HttpLimits quack_limits(const Config& config) {
  http::HttpLimits limits;
  limits.body_bytes = config.max_message_bytes;
  limits.request_timeout = config.request_timeout;
  limits.idle_timeout = config.idle_timeout;
  return limits;
}

}  // namespace

http::OriginPolicyOptions quack_origin_options(const Config& config, bool has_credentials) {
  if (has_credentials) return {config.host, {"*"}, {"*"}};
  return {config.host, config.allowed_hosts, config.cors_origins};
}

QuackListener::QuackListener(asio::io_context& accept_io, TcpListener::IoPicker pick_io, const ServerContext& server,
                             std::shared_ptr<asio::ssl::context> tls)
    : door_(std::make_shared<QuackDoor>(server)),
      current_router_(&router_),
      origins_(quack_origin_options(server.config, server.auth.enabled())),
      http_(accept_io, std::move(pick_io), std::move(tls),
            http::ConnectionContext{current_router_, quack_limits(server.config), server.metrics, origins_,
                                    Protocol::kQuack}),
      sweep_timer_(accept_io) {
  router_.add("/quack", {"POST", "OPTIONS"},
              [door = door_.get()](http::HttpExchange& exchange) { return answer_quack(exchange, *door); });
  router_.add("/", {"GET"}, [](http::HttpExchange& exchange) -> asio::awaitable<void> {
    co_await exchange.respond(http::HttpResponse::text(200, std::string(kIdentification)));
  });
}

QuackListener::~QuackListener() {
  // Sessions end here, on the stopping thread, rather than in whichever worker task lets go last.
  door_->sessions.take_all();
}

void QuackListener::start() {
  http_.start();
  sweep_later();
}

void QuackListener::sweep_later() {
  sweep_timer_.expires_after(kSweepEvery);
  sweep_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    door_->server.workers.post(WorkerTask([door = door_] {
      if (const size_t closed = door->service.close_idle(Clock::now()); closed > 0) {
        spdlog::debug("quack: closed {} idle connection(s)", closed);
      }
    }));
    sweep_later();
  });
}

}  // namespace duckwire::quack
