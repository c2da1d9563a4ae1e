#pragma once
// One WebSocket connection of /ws, the streaming query events API (../shared/specs/stream.md). The
// connection owns an engine session that reports progress. Its queries run one at a time in the order
// they came, each streamed as it is fetched: query_start when accepted, query_progress while DuckDB
// executes it, result_chunk messages written before the next rows are fetched (a client that stops
// reading slows its own query), then result_complete or an error. Meanwhile the connection keeps
// reading, so cancel, ping and (un)subscribe are answered at once; queued queries are bounded in count
// and bytes, and reading pauses at the bound. Events it subscribed to (core/server_events.hpp) wait in
// a queue bounded in bytes; a subscriber that lets it fill is dropped.

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "core/async_event.hpp"
#include "core/connection_registry.hpp"
#include "core/pubsub.hpp"
#include "core/query_job.hpp"
#include "core/server_context.hpp"
#include "core/task_group.hpp"
#include "http/websocket.hpp"
#include "protocols/stream/messages.hpp"
#include "protocols/subscriber_backlog.hpp"

namespace duckwire::stream {

// Bytes of events waiting to be written to one connection (each costs its text plus
// PubSub::kMessageOverheadBytes); a subscriber past it is dropped (closed with 1013).
inline constexpr uint64_t kMaxQueuedEventBytes = uint64_t{1} << 20;
// Queries accepted and not yet begun, per connection; at the bound the server stops reading.
inline constexpr size_t kMaxQueuedQueries = 1024;

class StreamSession final : public Subscriber,
                            public ClosableConnection,
                            public std::enable_shared_from_this<StreamSession> {
 public:
  // `principal`: who the upgrade request authenticated as; empty when it carried no credentials (the
  // client then sends `auth` first on a server with authentication).
  StreamSession(const ServerContext& server, std::unique_ptr<http::WebSocket> socket, bool authenticated,
                std::string principal, std::string remote_address);
  ~StreamSession() override;

  // Serves the connection until the client leaves; returns when everything of it has ended.
  boost::asio::awaitable<void> run();

  void deliver(const std::string& channel, const std::string& payload_json, FanoutShare share) override;
  void drop_too_slow() override;
  std::string_view viewer() const override { return principal_; }
  void close_for_shutdown() override;

 private:
  struct PendingQuery {
    QueryMessage message;
    std::string query_id;
    std::chrono::steady_clock::time_point accepted_at;
  };

  boost::asio::awaitable<void> dispatch(ClientMessage message);
  boost::asio::awaitable<void> handle(AuthMessage message);
  boost::asio::awaitable<void> handle(QueryMessage message);
  boost::asio::awaitable<void> handle(CancelMessage message);
  boost::asio::awaitable<void> handle(SubscriptionMessage message);
  boost::asio::awaitable<void> handle(PingMessage message);
  boost::asio::awaitable<void> handle(BatchMessage message);
  boost::asio::awaitable<void> handle(InvalidMessage message);

  boost::asio::awaitable<void> answer_in_order();
  boost::asio::awaitable<void> answer(PendingQuery& query);
  // Sends the chunks of a started job; false when the connection broke.
  boost::asio::awaitable<void> stream_result(const PendingQuery& query, QueryJob& job);
  boost::asio::awaitable<bool> ensure_session();
  bool has_query(const std::string& query_id) const;
  bool reading_paused() const;

  boost::asio::awaitable<bool> send(std::string_view text);
  void close_for(http::WsCloseCode code, std::string reason);

  const ServerContext& server_;
  std::unique_ptr<http::WebSocket> socket_;
  const std::string remote_address_;
  TaskGroup tasks_;
  AsyncLock write_lock_;
  AsyncEvent query_arrived_;  // wakes the answering loop
  AsyncEvent query_taken_;    // wakes the reading loop once it paused at the bound
  bool authenticated_;
  std::string principal_;  // fixed once authenticated (it is this subscriber's viewer)
  int auth_failures_ = 0;
  size_t unauthenticated_messages_ = 0;
  std::deque<PendingQuery> queue_;
  size_t queued_sql_bytes_ = 0;
  std::optional<std::string> current_id_;  // the query being answered
  bool current_cancelled_ = false;
  std::shared_ptr<QueryJob> current_job_;
  std::unique_ptr<Session> session_;  // opened with the first query
  const AdmissionOwner owner_;        // this connection's statements take turns with other connections'
  SubscriberBacklog events_{kMaxQueuedEventBytes};
  bool closing_ = false;
};

}  // namespace duckwire::stream
