#include "protocols/sqlrooms/ws_session.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "protocols/sqlrooms/arrow_upload.hpp"
#include "protocols/sqlrooms/query_reply.hpp"
#include "protocols/sqlrooms/replies.hpp"
#include "protocols/sqlrooms/result_cache.hpp"
#include "protocols/sqlrooms/ws_reply_sink.hpp"

namespace duckwire::sqlrooms {

namespace asio = boost::asio;

namespace {

constexpr int kMaxAuthFailures = 3;
// Queries of one connection running or waiting for their turn, as count and as bytes of SQL (the bytes
// bound is --max-message-bytes). At the limit the server stops reading that connection until one
// finishes, so a client that floods requests gets TCP back-pressure instead of unbounded work on the
// server.
constexpr size_t kMaxQueriesInFlight = 256;
// Bytes of replies waiting to be written (each costs its text plus kQueuedReplyOverhead). At the bound
// the server stops reading the connection until the client reads its replies.
constexpr uint64_t kMaxQueuedReplyBytes = 1 << 20;
constexpr uint64_t kQueuedReplyOverhead = 1024;
// A connection of a server with --auth-token may send this many messages before it authenticates,
// within the deadline below; then it is closed (1008).
constexpr size_t kMaxUnauthenticatedMessages = 8;
constexpr std::chrono::milliseconds kMaxAuthDeadline{10'000};
// Time a refused client gets to answer the closing handshake before its connection is cut.
constexpr std::chrono::milliseconds kCloseGrace{2'000};

}  // namespace

WsSession::WsSession(const ServerContext& server, ResultCache& cache, std::unique_ptr<http::WebSocket> socket,
                     bool authenticated, std::string principal, std::string remote_address)
    : server_(server),
      remote_address_(std::move(remote_address)),
      cache_(cache),
      socket_(std::move(socket)),
      tasks_(socket_->executor()),
      write_lock_(socket_->executor()),
      reader_wakeup_(socket_->executor()),
      spool_allowance_(socket_->executor(), server.config.spool_memory_bytes, server.config.spool_max_bytes,
                       server.spool_files, server.config.max_running_per_connection),
      auth_deadline_(socket_->executor()),
      authenticated_(authenticated || !server.auth.has_tokens()),
      principal_(std::move(principal)),
      owner_(server.admission.new_owner()) {
  server_.metrics.connection_opened(Protocol::kSqlRooms);
}

WsSession::~WsSession() {
  server_.metrics.connection_closed(Protocol::kSqlRooms);
}

asio::awaitable<void> WsSession::run() {
  if (!authenticated_) tasks_.spawn(enforce_auth_deadline(), shared_from_this());
  while (!closing_) {
    while (reading_paused()) {
      reader_wakeup_.reset();
      co_await reader_wakeup_.wait();
    }
    if (closing_) break;
    http::WsReadResult read = co_await socket_->read();
    if (read.status != http::WsReadStatus::kMessage) break;
    dispatch(read.message);
  }
  closing_ = true;
  auth_deadline_.cancel();
  server_.pubsub.unsubscribe_all(this);
  // Nobody is left to read the results.
  for (const auto& job : jobs_) job->cancel();
  co_await tasks_.wait();
  if (socket_->is_open()) co_await socket_->close(http::WsCloseCode::kNormal, "");
}

bool WsSession::reading_paused() const {
  if (closing_) return false;
  return queued_reply_bytes_ >= kMaxQueuedReplyBytes || queries_in_flight_ >= kMaxQueriesInFlight ||
         (queries_in_flight_ > 0 && sql_bytes_in_flight_ >= server_.config.max_message_bytes);
}

asio::awaitable<void> WsSession::enforce_auth_deadline() {
  auth_deadline_.expires_after(std::min(kMaxAuthDeadline, server_.config.request_timeout));
  auto [ec] = co_await auth_deadline_.async_wait(asio::as_tuple(asio::use_awaitable));
  if (ec || authenticated_) co_return;
  close_for(http::WsCloseCode::kPolicyViolation, "authentication timed out");
}

void WsSession::dispatch(const http::WsMessage& message) {
  if (!authenticated_ && ++unauthenticated_messages_ > kMaxUnauthenticatedMessages) {
    return close_for(http::WsCloseCode::kPolicyViolation, "authentication required");
  }
  if (message.binary && is_upload_frame(message.data)) {
    if (!authenticated_) return handle(InvalidMessage{"unauthorized"});
    return handle_upload(message.data);
  }
  dispatch_text(message.data);
}

void WsSession::dispatch_text(std::string_view text) {
  ClientMessage message = parse_client_message(text);
  if (!authenticated_ && !std::holds_alternative<AuthRequest>(message)) {
    return handle(InvalidMessage{"unauthorized"});
  }
  std::visit([this](auto&& request) { handle(std::move(request)); }, std::move(message));
}

void WsSession::handle(QueryRequest request) {
  std::shared_ptr<AsyncEvent> turn;
  std::shared_ptr<AsyncEvent> done;
  if (!request.query_id) {
    // Mosaic: each request waits for the one before it, so replies keep request order.
    turn = mosaic_tail_;
    done = std::make_shared<AsyncEvent>(socket_->executor());
    mosaic_tail_ = done;
  }
  count_in_flight(request.sql.size());
  // Known from now on, so a cancel that follows at once finds it.
  if (request.query_id) running_[*request.query_id] = RunningQuery{};
  tasks_.spawn(run_query(std::move(request), std::move(turn), std::move(done)), shared_from_this());
}

void WsSession::handle(const CancelRequest& request) {
  const auto found = running_.find(request.query_id);
  const bool cancellable = found != running_.end() && !found->second.replying;
  if (cancellable) {
    found->second.cancelled = true;
    if (found->second.job) found->second.job->cancel();
  }
  reply(cancel_ack(request.query_id, cancellable));
}

void WsSession::handle(const SubscribeRequest& request) {
  channels_.insert(request.channel);
  server_.pubsub.subscribe(request.channel, shared_from_this());
  reply(channel_reply("subscribed", request.channel));
}

void WsSession::handle(const UnsubscribeRequest& request) {
  channels_.erase(request.channel);
  server_.pubsub.unsubscribe(request.channel, this);
  reply(channel_reply("unsubscribed", request.channel));
}

void WsSession::handle(const NotifyRequest& request) {
  server_.pubsub.publish(request.channel, request.payload_json, this);
  reply(notify_message(request.channel, request.payload_json));
  reply(channel_reply("notifyAck", request.channel));
}

void WsSession::handle(const AuthRequest& request) {
  // A token costs one SHA-256: checked here, in order with the messages that follow it.
  const CredentialVerdict verdict = server_.auth.has_tokens()
                                        ? server_.credentials.check_token(request.token, remote_address_)
                                        : CredentialVerdict{CredentialVerdict::Kind::kGranted, {}, {}};
  if (verdict.kind == CredentialVerdict::Kind::kGranted) {
    authenticated_ = true;
    principal_ = verdict.principal;
    auth_failures_ = 0;
    auth_deadline_.cancel();
    return reply(R"({"type":"authAck"})");
  }
  handle(InvalidMessage{verdict.kind == CredentialVerdict::Kind::kLockedOut
                            ? lockout_message(verdict.retry_after)
                            : "unauthorized"});
  if (++auth_failures_ >= kMaxAuthFailures)
    close_for(http::WsCloseCode::kPolicyViolation, "too many failed auth attempts");
}

void WsSession::handle(const InvalidMessage& message) {
  reply(error_reply(std::nullopt, message.error));
}

void WsSession::count_in_flight(size_t bytes) {
  queries_in_flight_++;
  sql_bytes_in_flight_ += bytes;
}

WsSession::InFlight::~InFlight() {
  session.queries_in_flight_--;
  session.sql_bytes_in_flight_ -= bytes;
  session.reader_wakeup_.set();
}

void WsSession::handle_upload(std::string frame) {
  count_in_flight(frame.size());
  tasks_.spawn(upload(std::move(frame)), shared_from_this());
}

asio::awaitable<void> WsSession::upload(std::string frame) {
  const InFlight in_flight{*this, frame.size()};
  UploadOutcome outcome = co_await upload_arrow_frame(server_, owner_, std::move(frame));
  // An upload header without queryId is answered with "queryId":null.
  const std::string query_id = outcome.query_id.empty() ? std::string("null") : outcome.query_id;
  std::string text = outcome.ok ? upload_ack(query_id, outcome.table, outcome.rows)
                                : error_reply(std::optional(query_id), outcome.error);
  co_await send(std::move(text));
}

void WsSession::deliver(const std::string& channel, const std::string& payload_json, FanoutShare share) {
  auto entry = notifications_.take(payload_json.size());
  if (!entry) return drop_too_slow();
  asio::post(socket_->executor(), [self = shared_from_this(), text = notify_message(channel, payload_json),
                                   share = std::move(share), entry = std::move(*entry)]() mutable {
    if (self->closing_) return;
    self->tasks_.spawn(
        [](std::shared_ptr<WsSession> session, std::string message, FanoutShare /*kept until written*/,
           SubscriberBacklog::Entry /*kept until written*/) -> asio::awaitable<void> {
          co_await session->send(std::move(message));
        }(self, std::move(text), std::move(share), std::move(entry)),
        self);
  });
}

void WsSession::drop_too_slow() {
  // The client stopped reading: drop it rather than let its backlog grow.
  asio::post(socket_->executor(), [self = shared_from_this()] {
    self->close_for(http::WsCloseCode::kTryAgainLater, "subscriber too slow");
  });
}

void WsSession::close_for_shutdown() {
  asio::post(socket_->executor(), [self = shared_from_this()] {
    self->close_for(http::WsCloseCode::kGoingAway, "server shutting down");
  });
}

void WsSession::reply(std::string text) {
  const uint64_t cost = text.size() + kQueuedReplyOverhead;
  queued_reply_bytes_ += cost;
  tasks_.spawn(
      [](std::shared_ptr<WsSession> self, std::string data, uint64_t bytes) -> asio::awaitable<void> {
        co_await self->send(std::move(data));
        self->queued_reply_bytes_ -= bytes;
        self->reader_wakeup_.set();
      }(shared_from_this(), std::move(text), cost),
      shared_from_this());
}

asio::awaitable<bool> WsSession::send(std::string data) {
  auto guard = co_await write_lock_.acquire();
  if (!socket_->is_open()) co_return false;
  const bool sent = co_await socket_->write(data, false);
  if (sent) server_.metrics.bytes_sent(Protocol::kSqlRooms, data.size());
  co_return sent;
}

void WsSession::close_for(http::WsCloseCode code, std::string reason) {
  if (closing_) return;
  closing_ = true;
  reader_wakeup_.set();
  spdlog::info("closing SQLRooms connection: {}", reason);
  if (code == http::WsCloseCode::kTryAgainLater) {
    // Its socket buffers are full, so a closing handshake could wait forever.
    socket_->abort();
    return;
  }
  if (!authenticated_) {
    // A client that never authenticated gets a short grace to answer the closing handshake (meanwhile
    // whatever it still sends is read and discarded).
    auto grace = std::make_shared<asio::steady_timer>(socket_->executor(), kCloseGrace);
    grace->async_wait([self = shared_from_this(), grace](const boost::system::error_code& ec) {
      if (!ec) self->socket_->abort();
    });
  }
  tasks_.spawn(
      [](std::shared_ptr<WsSession> self, http::WsCloseCode why, std::string text) -> asio::awaitable<void> {
        auto guard = co_await self->write_lock_.acquire();
        co_await self->socket_->close(why, text);
      }(shared_from_this(), code, std::move(reason)),
      shared_from_this());
}

asio::awaitable<void> WsSession::run_query(QueryRequest request, std::shared_ptr<AsyncEvent> turn,
                                           std::shared_ptr<AsyncEvent> done) {
  const InFlight in_flight{*this, request.sql.size()};
  // Lets the next Mosaic request take its turn, however this one ends.
  struct SignalDone {
    std::shared_ptr<AsyncEvent> event;
    ~SignalDone() {
      if (event) event->set();
    }
  } signal_done{std::move(done)};
  if (turn) co_await turn->wait();
  if (closing_) co_return;

  auto job = std::make_shared<QueryJob>(server_, Protocol::kSqlRooms, owner_, request.sql);
  job->identify({.principal = principal_});
  if (request.statement_timeout) job->limit_time(*request.statement_timeout);
  jobs_.insert(job);
  if (request.query_id) {
    RunningQuery& running = running_[*request.query_id];
    running.job = job;
    if (running.cancelled) job->cancel();  // cancelled before it started: it fails at once
  }
  co_await answer_query(request, *job);
  jobs_.erase(job);
  if (request.query_id) {
    const auto found = running_.find(*request.query_id);
    if (found != running_.end() && found->second.job == job) running_.erase(found);
  }
  co_await job->close();
}

bool WsSession::begin_reply(const std::optional<std::string>& query_id) {
  if (!query_id) return true;
  RunningQuery& running = running_[*query_id];
  if (running.cancelled) return false;
  running.replying = true;
  return true;
}

asio::awaitable<void> WsSession::answer_query(const QueryRequest& request, QueryJob& job) {
  WsReplySink writer(request, *socket_, write_lock_, server_.metrics, spool_allowance_,
                     [this, &request] { return begin_reply(request.query_id); });
  co_await answer(server_, cache_, request, job, writer);
  // Only a result read back from a file can fail once its message has begun.
  if (writer.broken_mid_message())
    close_for(http::WsCloseCode::kInternalError, "result unreadable mid-message");
}

}  // namespace duckwire::sqlrooms
