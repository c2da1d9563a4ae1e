#include "protocols/stream/ws_session.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <fmt/format.h>

#include "protocols/stream/chunk_messages.hpp"
#include "protocols/stream/progress_throttle.hpp"
#include "protocols/stream/replies.hpp"

namespace duckwire::stream {

namespace asio = boost::asio;

namespace {

// A connection of a server with authentication may send this many messages before it authenticates,
// and fail this many auth messages; then it is closed (1008).
constexpr size_t kMaxUnauthenticatedMessages = 8;
constexpr int kMaxAuthFailures = 3;
// Messages up to this size are parsed on the I/O thread, larger ones (big batches) on a worker.
constexpr size_t kInlineParseBytes = 64 * 1024;

// The progress readings of the query a session runs, polled while DuckDB executes it.
struct ProgressPoll {
  explicit ProgressPoll(asio::any_io_executor executor) : timer(executor), finished(executor) {}
  asio::steady_timer timer;
  AsyncEvent finished;
  bool stop = false;
};

}  // namespace

StreamSession::StreamSession(const ServerContext& server, std::unique_ptr<http::WebSocket> socket,
                             bool authenticated, std::string principal, std::string remote_address)
    : server_(server),
      socket_(std::move(socket)),
      remote_address_(std::move(remote_address)),
      tasks_(socket_->executor()),
      write_lock_(socket_->executor()),
      query_arrived_(socket_->executor()),
      query_taken_(socket_->executor()),
      authenticated_(authenticated || !server.auth.enabled()),
      principal_(std::move(principal)),
      owner_(server.admission.new_owner()) {
  server_.metrics.connection_opened(Protocol::kStream);
}

StreamSession::~StreamSession() {
  server_.metrics.connection_closed(Protocol::kStream);
}

asio::awaitable<void> StreamSession::run() {
  tasks_.spawn(answer_in_order(), shared_from_this());
  while (!closing_) {
    while (reading_paused()) {
      query_taken_.reset();
      co_await query_taken_.wait();
    }
    if (closing_) break;
    http::WsReadResult read = co_await socket_->read();
    if (read.status == http::WsReadStatus::kTooBig) {
      close_for(http::WsCloseCode::kTooBig, "message too big");
      break;
    }
    if (read.status != http::WsReadStatus::kMessage) break;
    if (!authenticated_ && ++unauthenticated_messages_ > kMaxUnauthenticatedMessages) {
      close_for(http::WsCloseCode::kPolicyViolation, "authentication required");
      break;
    }
    const std::string& text = read.message.data;
    ClientMessage message = InvalidMessage{"messages are JSON text frames", std::nullopt};
    if (read.message.binary) {
      // answered below as invalid
    } else if (text.size() > kInlineParseBytes) {
      message = co_await server_.workers.run([&text] { return parse_client_message(text); });
    } else {
      message = parse_client_message(text);
    }
    // Named first: GCC 12 destroys the temporaries of a co_await operand twice.
    auto dispatching = dispatch(std::move(message));
    co_await std::move(dispatching);
  }
  closing_ = true;
  server_.events.unsubscribe_all(this);
  query_arrived_.set();
  if (current_job_) current_job_->cancel();  // nobody is left to read the result
  co_await tasks_.wait();
  // Closing the engine session rolls back a transaction the client left open.
  if (session_) co_await server_.workers.run([this] { session_.reset(); });
  if (socket_->is_open()) {
    auto guard = co_await write_lock_.acquire();
    co_await socket_->close(http::WsCloseCode::kNormal, "");
  }
}

bool StreamSession::reading_paused() const {
  if (closing_) return false;
  return queue_.size() >= kMaxQueuedQueries ||
         (!queue_.empty() && queued_sql_bytes_ >= server_.config.max_message_bytes);
}

asio::awaitable<void> StreamSession::dispatch(ClientMessage message) {
  const bool allowed = authenticated_ || std::holds_alternative<AuthMessage>(message) ||
                       std::holds_alternative<PingMessage>(message) ||
                       std::holds_alternative<InvalidMessage>(message);
  if (!allowed) {
    const std::string text =
        error_event("authentication required: send {\"type\":\"auth\",\"data\":{\"token\":...}} first");
    co_await send(text);
    co_return;
  }
  auto handling =
      std::visit([this](auto&& request) { return handle(std::move(request)); }, std::move(message));
  co_await std::move(handling);
}

asio::awaitable<void> StreamSession::handle(AuthMessage message) {
  if (!server_.auth.enabled()) {
    // A client that always authenticates (a page made for any server) is simply let in.
    const std::string text = auth_ok(principal_);
    co_await send(text);
    co_return;
  }
  if (authenticated_) {
    // Its principal is fixed: it is what its subscriptions may see.
    const std::string text = error_event("already authenticated");
    co_await send(text);
    co_return;
  }
  CredentialVerdict verdict;
  if (message.token) {
    // A token costs one SHA-256: checked here, in order with the messages that follow it.
    verdict = server_.credentials.check_token(std::move(*message.token), remote_address_);
  } else {
    auto checking = server_.credentials.check(
        BasicCredentials{std::move(*message.user), std::move(message.password)}, remote_address_);
    verdict = co_await std::move(checking);
  }
  if (verdict.kind == CredentialVerdict::Kind::kGranted) {
    authenticated_ = true;
    principal_ = verdict.principal;
    auth_failures_ = 0;
    const std::string text = auth_ok(principal_);
    co_await send(text);
    co_return;
  }
  const std::string text =
      error_event(verdict.kind == CredentialVerdict::Kind::kLockedOut ? lockout_message(verdict.retry_after)
                                                                      : "authentication failed");
  co_await send(text);
  if (++auth_failures_ >= kMaxAuthFailures) {
    close_for(http::WsCloseCode::kPolicyViolation, "too many failed auth attempts");
  }
}

bool StreamSession::has_query(const std::string& query_id) const {
  if (current_id_ == query_id) return true;
  return std::any_of(queue_.begin(), queue_.end(),
                     [&query_id](const PendingQuery& query) { return query.query_id == query_id; });
}

asio::awaitable<void> StreamSession::handle(QueryMessage message) {
  std::string query_id = message.query_id ? *message.query_id : server_.events.make_query_id();
  if (has_query(query_id)) {
    const std::string text =
        error_event(fmt::format("query_id {} is already queued or running", query_id), query_id);
    co_await send(text);
    co_return;
  }
  queued_sql_bytes_ += message.sql.size();
  std::string start = query_start(query_id, message.sql);
  queue_.push_back(PendingQuery{std::move(message), query_id, std::chrono::steady_clock::now()});
  query_arrived_.set();
  co_await send(start);
}

asio::awaitable<void> StreamSession::handle(CancelMessage message) {
  if (current_id_ == message.query_id) {
    current_cancelled_ = true;
    if (current_job_) current_job_->cancel();  // its answer sends the error
    co_return;
  }
  const auto queued = std::find_if(queue_.begin(), queue_.end(), [&message](const PendingQuery& query) {
    return query.query_id == message.query_id;
  });
  if (queued == queue_.end()) {
    const std::string text = error_event(
        fmt::format("no query with query_id {} is queued or running", message.query_id), message.query_id);
    co_await send(text);
    co_return;
  }
  queued_sql_bytes_ -= queued->message.sql.size();
  queue_.erase(queued);
  query_taken_.set();
  const std::string text = query_error(message.query_id, kCancelledMessage);
  co_await send(text);
}

asio::awaitable<void> StreamSession::handle(SubscriptionMessage message) {
  for (const std::string& event : message.events) {
    if (message.subscribe) {
      server_.events.subscribe(event, shared_from_this());
    } else {
      server_.events.unsubscribe(event, this);
    }
  }
  const std::string text = subscription_reply(message.subscribe, message.events);
  co_await send(text);
}

asio::awaitable<void> StreamSession::handle(PingMessage) {
  const std::string text = pong();
  co_await send(text);
}

asio::awaitable<void> StreamSession::handle(BatchMessage message) {
  for (const boost::json::value& member : message.messages) {
    if (closing_) co_return;
    auto dispatching = dispatch(read_client_message(member));
    co_await std::move(dispatching);
  }
}

asio::awaitable<void> StreamSession::handle(InvalidMessage message) {
  const std::string text = error_event(message.error, message.query_id);
  co_await send(text);
}

asio::awaitable<void> StreamSession::answer_in_order() {
  while (true) {
    while (queue_.empty() && !closing_) {
      query_arrived_.reset();
      co_await query_arrived_.wait();
    }
    if (closing_) co_return;
    PendingQuery query = std::move(queue_.front());
    queue_.pop_front();
    queued_sql_bytes_ -= query.message.sql.size();
    query_taken_.set();
    current_id_ = query.query_id;
    current_cancelled_ = false;
    co_await answer(query);
    current_id_.reset();
  }
}

asio::awaitable<bool> StreamSession::ensure_session() {
  if (session_) co_return true;
  auto opened = co_await server_.workers.run([this]() -> Result<std::unique_ptr<Session>> {
    auto session = server_.backend.connect();
    if (!session) return session.error();
    if (auto reporting = session.value()->report_progress(); !reporting) {
      spdlog::warn("/ws session without progress: {}", reporting.error().message);
    }
    return session;
  });
  if (!opened) co_return false;
  session_ = std::move(opened).value();
  co_return true;
}

asio::awaitable<void> StreamSession::answer(PendingQuery& query) {
  const bool connected = co_await ensure_session();
  if (closing_) co_return;
  if (!connected) {
    const std::string text = query_error(query.query_id, "cannot open a database session");
    co_await send(text);
    co_return;
  }
  auto job = std::make_shared<QueryJob>(
      server_, Protocol::kStream, owner_,
      jsonrpc::make_runner(query.message.call, jsonrpc::CallAccess::kReadWrite), *session_);
  job->identify({.query_id = query.query_id, .principal = principal_, .sql = query.message.sql});
  job->encode_with([id = query.query_id, rows = query.message.chunk_rows,
                    started = query.accepted_at](const ResultSchema& schema) {
    return std::make_unique<ChunkMessageEncoder>(schema, id, rows, started);
  });
  current_job_ = job;
  if (current_cancelled_) job->cancel();  // cancelled before it began: it fails at once

  // DuckDB's progress while the statement executes, read from this strand (progress() may be called
  // from any thread).
  auto poll = std::make_shared<ProgressPoll>(socket_->executor());
  tasks_.spawn(
      [](std::shared_ptr<StreamSession> self, std::shared_ptr<ProgressPoll> poll,
         std::string id) -> asio::awaitable<void> {
        ProgressThrottle throttle;
        while (!poll->stop) {
          poll->timer.expires_after(kProgressInterval);
          co_await poll->timer.async_wait(asio::as_tuple(asio::use_awaitable));
          if (poll->stop) break;
          if (auto progress = throttle.next(self->session_->progress())) {
            const std::string text = query_progress(id, *progress);
            co_await self->send(text);
          }
        }
        poll->finished.set();
      }(shared_from_this(), poll, query.query_id),
      shared_from_this());
  Result<void> started = co_await job->start();
  poll->stop = true;
  poll->timer.cancel();
  co_await poll->finished.wait();

  if (!started) {
    const std::string text = query_error(query.query_id, started.error().message);
    co_await send(text);
  } else if (!job->returns_rows()) {
    const std::chrono::duration<double, std::milli> took =
        std::chrono::steady_clock::now() - query.accepted_at;
    const std::string text = result_complete(query.query_id, 0, 0, took.count());
    co_await send(text);
  } else {
    co_await stream_result(query, *job);
  }
  co_await job->close();
  current_job_.reset();
}

asio::awaitable<void> StreamSession::stream_result(const PendingQuery& query, QueryJob& job) {
  while (true) {
    // The format is the encoder's (encode_with): result_chunk and result_complete messages.
    auto piece = co_await job.next(encode::ResultFormat::kJsonRows);
    if (!piece) {
      const std::string text = query_error(query.query_id, piece.error().message);
      co_await send(text);
      co_return;
    }
    if (!piece.value()) co_return;
    for (std::string_view message : split_messages(*piece.value())) {
      if (!co_await send(message)) {
        job.abandon(Error{ErrorKind::kIo, "the client left"});
        co_return;
      }
    }
  }
}

void StreamSession::deliver(const std::string& channel, const std::string& payload_json, FanoutShare share) {
  auto entry = events_.take(payload_json.size());
  if (!entry) return drop_too_slow();
  asio::post(socket_->executor(), [self = shared_from_this(), text = event_message(channel, payload_json),
                                   share = std::move(share), entry = std::move(*entry)]() mutable {
    if (self->closing_) return;
    self->tasks_.spawn(
        [](std::shared_ptr<StreamSession> session, std::string message, FanoutShare /*kept until written*/,
           SubscriberBacklog::Entry /*kept until written*/) -> asio::awaitable<void> {
          co_await session->send(message);
        }(self, std::move(text), std::move(share), std::move(entry)),
        self);
  });
}

void StreamSession::drop_too_slow() {
  // The client stopped reading its events: drop it rather than let its queue grow.
  asio::post(socket_->executor(), [self = shared_from_this()] {
    self->close_for(http::WsCloseCode::kTryAgainLater, "subscriber too slow");
  });
}

void StreamSession::close_for_shutdown() {
  asio::post(socket_->executor(), [self = shared_from_this()] {
    self->close_for(http::WsCloseCode::kGoingAway, "server shutting down");
  });
}

asio::awaitable<bool> StreamSession::send(std::string_view text) {
  auto guard = co_await write_lock_.acquire();
  if (!socket_->is_open() || closing_) co_return false;
  const bool sent = co_await socket_->write(text, false);
  if (sent) server_.metrics.bytes_sent(Protocol::kStream, text.size());
  co_return sent;
}

void StreamSession::close_for(http::WsCloseCode code, std::string reason) {
  if (closing_) return;
  closing_ = true;
  query_arrived_.set();
  query_taken_.set();
  if (current_job_) current_job_->cancel();
  spdlog::info("closing /ws connection: {}", reason);
  if (code == http::WsCloseCode::kTryAgainLater) {
    // Its socket buffers are full, so a closing handshake could wait forever.
    socket_->abort();
    return;
  }
  tasks_.spawn(
      [](std::shared_ptr<StreamSession> self, http::WsCloseCode why,
         std::string text) -> asio::awaitable<void> {
        auto guard = co_await self->write_lock_.acquire();
        if (self->socket_->is_open()) co_await self->socket_->close(why, text);
      }(shared_from_this(), code, std::move(reason)),
      shared_from_this());
}

}  // namespace duckwire::stream
