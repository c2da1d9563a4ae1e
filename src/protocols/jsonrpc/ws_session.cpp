#include "protocols/jsonrpc/ws_session.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include "http/ws_message_writer.hpp"
#include "protocols/jsonrpc/replies.hpp"

namespace duckwire::jsonrpc {

namespace asio = boost::asio;

namespace {

// Requests read but not yet answered, as count and as bytes (the bytes bound is --max-message-bytes).
// At the limit the server stops reading the connection until one is answered, so a client that floods
// requests gets TCP back-pressure.
constexpr size_t kMaxBacklog = 256;
// Requests up to this size are parsed on the I/O thread, larger ones on a worker.
constexpr size_t kInlineParseBytes = 64 * 1024;

std::string failure_reply(const std::string& id, const Error& error) {
  switch (error.kind) {
    case ErrorKind::kInvalidParameter:
      return error_reply(id, kInvalidParams, "Invalid params: " + error.message);
    case ErrorKind::kTimeout:  // an execution error: the spec's -32603, the message says why
    default:
      return error_reply(id, kInternalError, error.message);
  }
}

}  // namespace

RpcWsSession::RpcWsSession(const ServerContext& server, std::unique_ptr<http::WebSocket> socket,
                           std::string principal)
    : server_(server),
      socket_(std::move(socket)),
      tasks_(socket_->executor()),
      write_lock_(socket_->executor()),
      request_arrived_(socket_->executor()),
      request_taken_(socket_->executor()),
      spool_allowance_(socket_->executor(), server.config.spool_memory_bytes, server.config.spool_max_bytes,
                       server.spool_files),
      owner_(server.admission.new_owner()),
      principal_(std::move(principal)) {
  server_.metrics.connection_opened(Protocol::kJsonRpc);
}

RpcWsSession::~RpcWsSession() {
  server_.metrics.connection_closed(Protocol::kJsonRpc);
}

asio::awaitable<void> RpcWsSession::run() {
  tasks_.spawn(answer_in_order(), shared_from_this());
  while (!closing_) {
    while (backlog_full() && !closing_) {
      request_taken_.reset();
      co_await request_taken_.wait();
    }
    http::WsReadResult read = co_await socket_->read();
    if (read.status != http::WsReadStatus::kMessage) break;
    backlog_bytes_ += read.message.data.size();
    backlog_.push_back(std::move(read.message.data));
    request_arrived_.set();
  }
  closing_ = true;
  request_arrived_.set();
  if (current_) current_->cancel();  // nobody is left to read the result
  co_await tasks_.wait();
  // Closing the engine session rolls back a transaction the client left open.
  if (session_) co_await server_.workers.run([this] { session_.reset(); });
  if (socket_->is_open()) co_await close(http::WsCloseCode::kNormal, "");
}

asio::awaitable<void> RpcWsSession::answer_in_order() {
  while (true) {
    while (backlog_.empty() && !closing_) {
      request_arrived_.reset();
      co_await request_arrived_.wait();
    }
    if (closing_) co_return;
    std::string text = std::move(backlog_.front());
    backlog_.pop_front();
    backlog_bytes_ -= text.size();
    request_taken_.set();
    std::variant<RpcRequest, RpcFailure> next = RpcFailure{};
    if (text.size() > kInlineParseBytes) {
      next = co_await server_.workers.run([&text] { return parse_rpc_request(text); });
    } else {
      next = parse_rpc_request(text);
    }
    if (auto* failure = std::get_if<RpcFailure>(&next)) {
      co_await send(error_reply(failure->id, failure->code, failure->message));
    } else {
      co_await answer(std::get<RpcRequest>(next));
    }
  }
}

bool RpcWsSession::backlog_full() const {
  return !backlog_.empty() &&
         (backlog_.size() >= kMaxBacklog || backlog_bytes_ >= server_.config.max_message_bytes);
}

asio::awaitable<bool> RpcWsSession::ensure_session() {
  if (session_) co_return true;
  auto opened = co_await server_.workers.run([this] { return server_.backend.connect(); });
  if (!opened) co_return false;
  session_ = std::move(opened).value();
  co_return true;
}

asio::awaitable<void> RpcWsSession::answer(const RpcRequest& request) {
  const bool connected = co_await ensure_session();
  if (closing_) co_return;  // the client left meanwhile
  if (!connected) {
    co_await send(error_reply(request.id, kInternalError, "cannot open a database session"));
    co_return;
  }
  auto job = std::make_shared<QueryJob>(server_, Protocol::kJsonRpc, owner_,
                                        make_runner(request.call, CallAccess::kReadWrite), *session_);
  job->identify({.principal = principal_, .sql = request.call.sql});
  if (request.statement_timeout) job->limit_time(*request.statement_timeout);
  current_ = job;
  // The whole result is spooled before its reply begins, so a failure at any point is an error reply.
  const auto format = encode::ResultFormat::kJsonLd;
  Result<std::unique_ptr<ResultSpool>> spooled = Error{};
  if (Result<void> started = co_await job->start(format); started) {
    spooled = co_await spool_result(server_, *job, format, spool_allowance_);
  } else {
    spooled = started.error();
  }
  co_await job->close();
  current_.reset();
  if (!spooled) {
    co_await send(failure_reply(request.id, spooled.error()));
    co_return;
  }
  const bool complete = co_await send_result(request, *spooled.value());
  if (!complete && socket_->is_open()) {
    co_await close(http::WsCloseCode::kInternalError, "result unreadable mid-message");
  }
}

asio::awaitable<bool> RpcWsSession::send_result(const RpcRequest& request, ResultSpool& spool) {
  auto guard = co_await write_lock_.acquire();
  http::WsMessageWriter message(*socket_, true, result_reply_prefix(request.id));
  bool sent = true;
  while (sent) {
    Result<std::string> piece = co_await next_spooled_piece(server_, spool);
    if (!piece) {
      spdlog::warn("JSON-RPC result spool: {}", piece.error().message);
      co_return false;
    }
    if (piece.value().empty()) break;
    sent = co_await message.add(std::move(piece).value());
  }
  if (sent) sent = co_await message.finish(kResultReplySuffix);
  server_.metrics.bytes_sent(Protocol::kJsonRpc, message.bytes_written());
  co_return sent;
}

asio::awaitable<bool> RpcWsSession::send(const std::string& text) {
  auto guard = co_await write_lock_.acquire();
  if (!socket_->is_open()) co_return false;
  const bool sent = co_await socket_->write(text, true);
  if (sent) server_.metrics.bytes_sent(Protocol::kJsonRpc, text.size());
  co_return sent;
}

asio::awaitable<void> RpcWsSession::close(http::WsCloseCode code, std::string reason) {
  auto guard = co_await write_lock_.acquire();
  if (socket_->is_open()) co_await socket_->close(code, reason);
}

void RpcWsSession::close_for_shutdown() {
  asio::post(socket_->executor(), [self = shared_from_this()] {
    if (self->closing_) return;
    self->closing_ = true;
    self->request_arrived_.set();
    self->request_taken_.set();
    self->tasks_.spawn(self->close(http::WsCloseCode::kGoingAway, "server shutting down"), self);
  });
}

}  // namespace duckwire::jsonrpc
