#include "protocols/jsonrpc/http_sql_parts.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/crypto.hpp"
#include "protocols/cancel_on_disconnect.hpp"
#include "protocols/jsonrpc/http_sql_replies.hpp"
#include "protocols/jsonrpc/replies.hpp"

namespace duckwire::jsonrpc {

namespace asio = boost::asio;

namespace {

std::string new_boundary() {
  return "duckwire-" + random_hex(16);
}

// A part's delimiter and headers, then the opening of its JSON-LD document.
std::string part_start(const std::string& boundary) {
  return "--" + boundary + "\r\nContent-Type: application/ld+json\r\n\r\n" + std::string(kJsonLdPrefix);
}

// A call and the script that runs it, shared by the jobs of its statements.
struct PartsRun {
  PartsRun(SqlCall call_, CallAccess access) : call(std::move(call_)), script(call, access) {}
  SqlCall call;
  CallScript script;
};

// Lambdas are made outside the coroutines below: GCC 12 mis-warns about their frames otherwise.
StatementRunner next_statement(const std::shared_ptr<PartsRun>& run) {
  return [run](Session& session) { return run->script.run_next(session); };
}

auto acquire_from(SessionPool& sessions) {
  return [&sessions] { return sessions.acquire(); };
}

// Giving a session back may close it, which blocks: a worker does it.
WorkerTask give_back_to_pool(std::optional<SessionPool::Lease> lease) {
  return WorkerTask([lease = std::move(lease)]() mutable { lease.reset(); });
}

// The state of a multipart answer across its parts.
// The statements of one request take turns with other clients' as one admission owner.
struct PartsLimits {
  AdmissionOwner owner;
  std::optional<std::chrono::milliseconds> time_limit;
  std::string principal;  // whom the statements' query_completed events are attributed to
};

struct PartsAnswer {
  std::string boundary = new_boundary();
  bool streaming = false;  // the head went out
  bool sent = true;        // false once the client is gone
  std::optional<Error> failed;
};

// Runs the next statement on `session` and sends its part (the head first, before the first part).
asio::awaitable<void> send_next_part(const ServerContext& server, http::HttpExchange& exchange,
                                     Session& session, const std::shared_ptr<PartsRun>& run,
                                     const PartsLimits& limits, PartsAnswer& answer) {
  const uint64_t changes_before = session.data_changing_statements();
  auto job =
      std::make_shared<QueryJob>(server, Protocol::kJsonRpc, limits.owner, next_statement(run), session);
  if (limits.time_limit) job->limit_time(*limits.time_limit);
  job->identify({.principal = limits.principal, .sql = run->call.sql});
  cancel_on_disconnect(exchange, job);
  auto first = co_await job->start_and_take_first(encode::ResultFormat::kJsonLd);
  exchange.stop_watching_for_close();
  if (first && !answer.streaming) {
    http::HttpResponse head;
    head.status = session.data_changing_statements() > changes_before ? 201 : 200;
    head.content_type = "multipart/mixed; boundary=" + answer.boundary;
    answer.sent = co_await exchange.begin_stream(std::move(head));
    answer.streaming = true;
  }
  if (first && answer.sent) {
    std::optional<std::string> piece = part_start(answer.boundary) + std::move(first).value().value_or("");
    answer.sent = co_await stream_result(server, exchange, *job, piece, encode::ResultFormat::kJsonLd);
    const std::string part_end = std::string(kJsonLdSuffix) + "\r\n";
    if (answer.sent) answer.sent = co_await exchange.write_chunk(part_end);
  }
  if (!first) answer.failed = first.error();
  if (!answer.sent) job->cancel();
  co_await job->close();
}

}  // namespace

asio::awaitable<void> serve_parts(const ServerContext& server, http::HttpExchange& exchange, SqlCall& call,
                                  CallAccess access, std::optional<std::chrono::milliseconds> time_limit,
                                  const std::string& principal) {
  const PartsLimits limits{server.admission.new_owner(), time_limit, principal};
  auto acquire = acquire_from(server.sessions);
  auto acquired = co_await server.workers.run(std::move(acquire));
  if (!acquired) {
    co_await exchange.respond(plain(status_of(acquired.error()), acquired.error().message));
    co_return;
  }
  std::optional<SessionPool::Lease> lease(std::move(acquired).value());
  auto run = std::make_shared<PartsRun>(std::move(call), access);
  PartsAnswer answer;
  do {
    co_await send_next_part(server, exchange, **lease, run, limits, answer);
  } while (answer.sent && !answer.failed && !run->script.finished());
  if (answer.failed && answer.streaming) exchange.abandon_stream();
  if (answer.failed && !answer.streaming) {
    co_await exchange.respond(plain(status_of(*answer.failed), answer.failed->message));
  }
  const std::string last_delimiter = "--" + answer.boundary + "--\r\n";
  if (!answer.failed && answer.sent) answer.sent = co_await exchange.write_chunk(last_delimiter);
  if (!answer.failed && answer.sent) co_await exchange.end_stream();
  server.workers.post(give_back_to_pool(std::move(lease)));
}

}  // namespace duckwire::jsonrpc
