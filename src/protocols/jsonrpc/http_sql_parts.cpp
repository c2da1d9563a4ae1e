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
  std::string boundary = "duckwire-";
  for (uint8_t byte : random_bytes(16)) {
    boundary += "0123456789abcdef"[byte >> 4];
    boundary += "0123456789abcdef"[byte & 15];
  }
  return boundary;
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

// Lambdas are made outside the coroutine below: GCC 12 mis-warns about its frame otherwise.
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

}  // namespace

// GCC 12 reports its own coroutine frame's allocation and deallocation as mismatched here (a false
// positive of -Wmismatched-new-delete on Asio's awaitable frames); the frame is Asio's, not ours.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
asio::awaitable<void> serve_parts(const ServerContext& server, http::HttpExchange& exchange, SqlCall& call,
                                  CallAccess access) {
  auto acquire = acquire_from(server.sessions);
  auto acquired = co_await server.workers.run(std::move(acquire));
  if (!acquired) {
    co_await exchange.respond(
        with_cors(server, plain(status_of(acquired.error()), acquired.error().message)));
    co_return;
  }
  std::optional<SessionPool::Lease> lease(std::move(acquired).value());
  Session& session = **lease;
  auto run = std::make_shared<PartsRun>(std::move(call), access);
  const std::string boundary = new_boundary();
  bool streaming = false;
  bool sent = true;
  std::optional<Error> failed;
  while (sent && !failed) {
    const uint64_t changes_before = session.data_changing_statements();
    StatementRunner runner = next_statement(run);
    auto job = std::make_shared<QueryJob>(server, Protocol::kJsonRpc, std::move(runner), session);
    cancel_on_disconnect(exchange, job);
    auto first = co_await job->start_and_take_first(encode::ResultFormat::kJsonLd);
    exchange.stop_watching_for_close();
    if (first && !streaming) {
      http::HttpResponse head;
      head.status = session.data_changing_statements() > changes_before ? 201 : 200;
      head.content_type = "multipart/mixed; boundary=" + boundary;
      head = with_cors(server, std::move(head));
      sent = co_await exchange.begin_stream(std::move(head));
      streaming = true;
    }
    if (first && sent) {
      std::optional<std::string> piece = part_start(boundary) + std::move(first).value().value_or("");
      sent = co_await stream_result(server, exchange, *job, piece, encode::ResultFormat::kJsonLd);
      const std::string part_end = std::string(kJsonLdSuffix) + "\r\n";
      if (sent) sent = co_await exchange.write_chunk(part_end);
    }
    if (!first) failed = first.error();
    if (!sent) job->cancel();
    co_await job->close();
    if (run->script.finished()) break;
  }
  if (failed && streaming) exchange.abandon_stream();
  if (failed && !streaming) {
    auto refusal = with_cors(server, plain(status_of(*failed), failed->message));
    co_await exchange.respond(std::move(refusal));
  }
  const std::string last_delimiter = "--" + boundary + "--\r\n";
  if (!failed && sent) sent = co_await exchange.write_chunk(last_delimiter);
  if (!failed && sent) co_await exchange.end_stream();
  server.workers.post(give_back_to_pool(std::move(lease)));
}

#pragma GCC diagnostic pop

}  // namespace duckwire::jsonrpc
