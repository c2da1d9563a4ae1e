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
// A result up to this size is sent only once complete, so an error while it is computed still gets
// an error reply. A larger one streams, and an error after its first part can only close the
// connection (1011), since the reply message has begun.
constexpr size_t kHeldBackBytes = 4 << 20;

std::string failure_reply(const std::string& id, const Error& error) {
  if (error.kind == ErrorKind::kInvalidParameter) {
    return error_reply(id, kInvalidParams, "Invalid params: " + error.message);
  }
  return error_reply(id, kInternalError, error.message);
}

}  // namespace

RpcWsSession::RpcWsSession(const ServerContext& server, std::unique_ptr<http::WebSocket> socket)
    : server_(server),
      socket_(std::move(socket)),
      tasks_(socket_->executor()),
      write_lock_(socket_->executor()),
      request_arrived_(socket_->executor()),
      request_taken_(socket_->executor()) {
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
  auto job = std::make_shared<QueryJob>(server_, Protocol::kJsonRpc,
                                        make_runner(request.call, CallAccess::kReadWrite), *session_);
  current_ = job;
  const auto format = encode::ResultFormat::kJsonLd;
  auto first = co_await job->start_and_take_first(format);
  // Gather the beginning of the result before replying.
  std::string held;
  while (first && first.value() && held.size() < kHeldBackBytes) {
    held += *first.value();
    first = co_await job->next(format);
  }
  if (!first) {
    co_await send(failure_reply(request.id, first.error()));
  } else if (!first.value()) {
    co_await send(result_reply_prefix(request.id) + held + std::string(kResultReplySuffix));
  } else {
    const bool complete = co_await stream_result(request, *job, std::move(held), std::move(first).value());
    if (!complete) job->cancel();
    if (!complete && socket_->is_open()) {
      co_await close(http::WsCloseCode::kInternalError, "query failed mid-result");
    }
  }
  co_await job->close();
  current_.reset();
}

asio::awaitable<bool> RpcWsSession::stream_result(const RpcRequest& request, QueryJob& job, std::string held,
                                                  std::optional<std::string> piece) {
  const auto format = encode::ResultFormat::kJsonLd;
  auto guard = co_await write_lock_.acquire();
  http::WsMessageWriter message(*socket_, true, result_reply_prefix(request.id) + held);
  held = std::string();
  while (piece) {
    const bool sent = co_await message.add(std::move(*piece));
    if (!sent) co_return false;
    auto next = co_await job.next(format);
    if (!next) {
      spdlog::info("JSON-RPC query failed mid-result: {}", next.error().message);
      co_return false;
    }
    piece = std::move(next).value();
  }
  const bool sent = co_await message.finish(kResultReplySuffix);
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
