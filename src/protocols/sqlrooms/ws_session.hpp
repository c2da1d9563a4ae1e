#pragma once
// One WebSocket connection speaking the SQLRooms / Mosaic query protocol
// (../shared/specs/sqlrooms-mosaic.md). Queries with a queryId run concurrently and answer as soon
// as they finish; queries without one (Mosaic) answer in request order. A result is produced whole
// (spooled) before its reply begins, so other replies, notifications and cancelAcks go out between
// results. What waits to be written is bounded in bytes: replies (the server stops reading the
// connection at the bound), notifications (the subscriber is dropped at its bound), spooled results
// (memory up to --spool-memory-bytes, then a file up to --spool-max-bytes, while the next result waits
// for the client to read). A connection that has not authenticated yet may
// send only a few messages within a short deadline.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

#include "core/async_event.hpp"
#include "core/connection_registry.hpp"
#include "core/pubsub.hpp"
#include "core/query_job.hpp"
#include "core/result_spool.hpp"
#include "core/server_context.hpp"
#include "core/task_group.hpp"
#include "http/websocket.hpp"
#include "protocols/sqlrooms/messages.hpp"
#include "protocols/subscriber_backlog.hpp"

namespace duckwire::sqlrooms {

class ResultCache;

class WsSession final : public Subscriber,
                        public ClosableConnection,
                        public std::enable_shared_from_this<WsSession> {
 public:
  // `remote_address` is the client's, the unit of the failed-login lockout its auth messages count in;
  // `principal` who the upgrade authenticated as (empty when it did not).
  WsSession(const ServerContext& server, ResultCache& cache, std::unique_ptr<http::WebSocket> socket,
            bool authenticated, std::string principal, std::string remote_address);
  ~WsSession() override;

  // Serves the connection until the client leaves; returns when every task of it has ended.
  boost::asio::awaitable<void> run();

  void deliver(const std::string& channel, const std::string& payload_json, FanoutShare share) override;
  void drop_too_slow() override;
  void close_for_shutdown() override;

 private:
  // A query or upload read from the client and not yet answered; counts against the in-flight limits
  // from handle() until destroyed.
  struct InFlight {
    WsSession& session;
    size_t bytes;
    ~InFlight();
  };
  struct RunningQuery {
    std::shared_ptr<QueryJob> job;
    bool replying = false;  // its reply has started going out: too late to cancel
    bool cancelled = false;
  };

  void dispatch(const http::WsMessage& message);
  void dispatch_text(std::string_view text);
  void handle(QueryRequest request);
  void handle(const CancelRequest& request);
  void handle(const SubscribeRequest& request);
  void handle(const UnsubscribeRequest& request);
  void handle(const NotifyRequest& request);
  void handle(const AuthRequest& request);
  void handle(const InvalidMessage& message);
  void handle_upload(std::string frame);

  boost::asio::awaitable<void> run_query(QueryRequest request, std::shared_ptr<AsyncEvent> turn,
                                         std::shared_ptr<AsyncEvent> done);
  boost::asio::awaitable<void> answer_query(const QueryRequest& request, QueryJob& job);
  boost::asio::awaitable<void> upload(std::string frame);
  void count_in_flight(size_t bytes);
  boost::asio::awaitable<void> enforce_auth_deadline();
  bool reading_paused() const;
  // Whether the reply of the query `query_id` may begin now (false once it was cancelled).
  bool begin_reply(const std::optional<std::string>& query_id);

  // Queues one whole message behind the replies already queued; the bytes count against the
  // connection's reply budget until it is written.
  void reply(std::string text);
  boost::asio::awaitable<bool> send(std::string data);
  void close_for(http::WsCloseCode code, std::string reason);

  const ServerContext& server_;
  const std::string remote_address_;
  ResultCache& cache_;
  std::unique_ptr<http::WebSocket> socket_;
  TaskGroup tasks_;
  AsyncLock write_lock_;
  AsyncEvent reader_wakeup_;  // lets the read loop resume once it paused at a limit
  SpoolAllowance spool_allowance_;
  boost::asio::steady_timer auth_deadline_;
  bool authenticated_;
  std::string principal_;  // whom its queries' query_completed events are attributed to
  const AdmissionOwner owner_;  // this connection's statements take turns with other connections'
  int auth_failures_ = 0;
  size_t unauthenticated_messages_ = 0;
  bool closing_ = false;
  std::unordered_map<std::string, RunningQuery> running_;  // by serialized queryId
  std::set<std::shared_ptr<QueryJob>> jobs_;               // every running query, with or without id
  std::shared_ptr<AsyncEvent> mosaic_tail_;                // done-event of the last Mosaic request
  std::set<std::string> channels_;
  SubscriberBacklog notifications_{PubSub::kMaxQueuedBytesPerSubscriber};
  uint64_t queued_reply_bytes_ = 0;
  size_t queries_in_flight_ = 0;
  size_t sql_bytes_in_flight_ = 0;
};

}  // namespace duckwire::sqlrooms
