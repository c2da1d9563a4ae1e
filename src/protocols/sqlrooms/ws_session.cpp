#include "protocols/sqlrooms/ws_session.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include "protocols/sqlrooms/arrow_upload.hpp"
#include "protocols/sqlrooms/query_reply.hpp"
#include "protocols/sqlrooms/replies.hpp"
#include "protocols/sqlrooms/result_cache.hpp"
#include "protocols/sqlrooms/ws_reply_sink.hpp"

namespace duckwire::sqlrooms {

namespace asio = boost::asio;

namespace {

constexpr int kMaxAuthFailures = 3;
// Notifications waiting to be written to one connection before it counts as too slow.
constexpr size_t kMaxQueuedNotifications = 1024;
// Queries of one connection running or waiting for their turn, as count and as bytes of SQL (the bytes
// bound is --max-message-bytes). At the limit the server stops reading that connection until one
// finishes, so a client that floods requests gets TCP back-pressure instead of unbounded work on the
// server.
constexpr size_t kMaxQueriesInFlight = 256;

}  // namespace

WsSession::WsSession(const ServerContext& server, ResultCache& cache, std::unique_ptr<http::WebSocket> socket,
                     bool authenticated)
    : server_(server),
      cache_(cache),
      socket_(std::move(socket)),
      tasks_(socket_->executor()),
      write_lock_(socket_->executor()),
      query_finished_(socket_->executor()),
      authenticated_(authenticated || !server.auth.has_tokens()),
      owner_(server.admission.new_owner()) {
  server_.metrics.connection_opened(Protocol::kSqlRooms);
}

WsSession::~WsSession() {
  server_.metrics.connection_closed(Protocol::kSqlRooms);
}

asio::awaitable<void> WsSession::run() {
  while (!closing_) {
    while (queries_in_flight_ >= kMaxQueriesInFlight ||
           (queries_in_flight_ > 0 && sql_bytes_in_flight_ >= server_.config.max_message_bytes)) {
      query_finished_.reset();
      co_await query_finished_.wait();
    }
    http::WsReadResult read = co_await socket_->read();
    if (read.status != http::WsReadStatus::kMessage) break;
    dispatch(read.message);
  }
  closing_ = true;
  server_.pubsub.unsubscribe_all(this);
  // Nobody is left to read the results.
  for (const auto& job : jobs_) job->cancel();
  co_await tasks_.wait();
  if (socket_->is_open()) co_await socket_->close(http::WsCloseCode::kNormal, "");
}

void WsSession::dispatch(const http::WsMessage& message) {
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
  queries_in_flight_++;
  sql_bytes_in_flight_ += request.sql.size();
  tasks_.spawn(run_query(std::move(request), std::move(turn), std::move(done)), shared_from_this());
}

void WsSession::handle(const CancelRequest& request) {
  const auto found = running_.find(request.query_id);
  const bool cancellable = found != running_.end() && !found->second.replying;
  if (cancellable) found->second.job->cancel();
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
  if (!server_.auth.has_tokens() || server_.auth.check_token(request.token)) {
    authenticated_ = true;
    auth_failures_ = 0;
    return reply(R"({"type":"authAck"})");
  }
  handle(InvalidMessage{"unauthorized"});
  if (++auth_failures_ >= kMaxAuthFailures)
    close_for(http::WsCloseCode::kPolicyViolation, "too many failed auth attempts");
}

void WsSession::handle(const InvalidMessage& message) {
  reply(error_reply(std::nullopt, message.error));
}

void WsSession::handle_upload(std::string frame) {
  tasks_.spawn(upload(std::move(frame)), shared_from_this());
}

asio::awaitable<void> WsSession::upload(std::string frame) {
  UploadOutcome outcome = co_await upload_arrow_frame(server_, std::move(frame));
  // An upload header without queryId is answered with "queryId":null.
  const std::string query_id = outcome.query_id.empty() ? std::string("null") : outcome.query_id;
  std::string text = outcome.ok ? upload_ack(query_id, outcome.table, outcome.rows)
                                : error_reply(std::optional(query_id), outcome.error);
  co_await send(std::move(text), false);
}

void WsSession::deliver(const std::string& channel, const std::string& payload_json) {
  if (++queued_notifications_ > kMaxQueuedNotifications) {
    // The client stopped reading: drop it rather than let its backlog grow.
    asio::post(socket_->executor(), [self = shared_from_this()] {
      self->close_for(http::WsCloseCode::kTryAgainLater, "subscriber too slow");
    });
    return;
  }
  asio::post(socket_->executor(),
             [self = shared_from_this(), text = notify_message(channel, payload_json)]() mutable {
               if (self->closing_) return;
               self->tasks_.spawn(
                   [](std::shared_ptr<WsSession> session, std::string message) -> asio::awaitable<void> {
                     co_await session->send(std::move(message), false);
                     session->queued_notifications_--;
                   }(self, std::move(text)),
                   self);
             });
}

void WsSession::close_for_shutdown() {
  asio::post(socket_->executor(), [self = shared_from_this()] {
    self->close_for(http::WsCloseCode::kGoingAway, "server shutting down");
  });
}

void WsSession::reply(std::string text, bool binary) {
  tasks_.spawn(
      [](std::shared_ptr<WsSession> self, std::string data, bool is_binary) -> asio::awaitable<void> {
        co_await self->send(std::move(data), is_binary);
      }(shared_from_this(), std::move(text), binary),
      shared_from_this());
}

asio::awaitable<bool> WsSession::send(std::string data, bool binary) {
  auto guard = co_await write_lock_.acquire();
  if (!socket_->is_open()) co_return false;
  const bool sent = co_await socket_->write(data, binary);
  if (sent) server_.metrics.bytes_sent(Protocol::kSqlRooms, data.size());
  co_return sent;
}

void WsSession::close_for(http::WsCloseCode code, std::string reason) {
  if (closing_) return;
  closing_ = true;
  spdlog::info("closing SQLRooms connection: {}", reason);
  if (code == http::WsCloseCode::kTryAgainLater) {
    // Its socket buffers are full, so a closing handshake could wait forever.
    socket_->abort();
    return;
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
  struct SignalDone {
    WsSession& session;
    std::shared_ptr<AsyncEvent> event;
    size_t sql_bytes;
    ~SignalDone() {
      if (event) event->set();
      session.queries_in_flight_--;
      session.sql_bytes_in_flight_ -= sql_bytes;
      session.query_finished_.set();
    }
  } signal_done{*this, std::move(done), request.sql.size()};
  if (turn) co_await turn->wait();
  if (closing_) co_return;

  auto job = std::make_shared<QueryJob>(server_, Protocol::kSqlRooms, owner_, request.sql);
  if (request.statement_timeout) job->limit_time(*request.statement_timeout);
  jobs_.insert(job);
  if (request.query_id) running_[*request.query_id] = RunningQuery{job, false};
  co_await answer_query(request, *job);
  jobs_.erase(job);
  if (request.query_id) {
    const auto found = running_.find(*request.query_id);
    if (found != running_.end() && found->second.job == job) running_.erase(found);
  }
  co_await job->close();
}

asio::awaitable<void> WsSession::answer_query(const QueryRequest& request, QueryJob& job) {
  WsReplySink writer(request, *socket_, write_lock_, server_.metrics, [this, &request] {
    if (request.query_id) running_[*request.query_id].replying = true;
  });
  co_await answer(server_, cache_, request, job, writer);
  if (writer.broken_mid_message()) close_for(http::WsCloseCode::kInternalError, "query failed mid-result");
}

}  // namespace duckwire::sqlrooms
