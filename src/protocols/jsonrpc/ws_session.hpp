#pragma once
// One WebSocket connection of the /sql JSON-RPC API (../shared/specs/jsonrpc-sql.md). The connection
// is a database session: it owns its engine session, so a transaction spans messages, and closing
// the connection rolls an open one back. Requests are answered one at a time, in order, as binary
// frames; reading goes on meanwhile (pings, close), up to a backlog bounded in count and bytes. Each
// result is spooled whole before its reply begins: a failing query gets an error reply, never a
// closed connection.

#include <boost/asio/awaitable.hpp>

#include <deque>
#include <memory>
#include <variant>

#include "core/async_event.hpp"
#include "core/connection_registry.hpp"
#include "core/query_job.hpp"
#include "core/result_spool.hpp"
#include "core/server_context.hpp"
#include "core/task_group.hpp"
#include "http/websocket.hpp"
#include "protocols/jsonrpc/requests.hpp"

namespace duckwire::jsonrpc {

class RpcWsSession final : public ClosableConnection, public std::enable_shared_from_this<RpcWsSession> {
 public:
  // `principal`: who the upgrade authenticated as (empty without authentication).
  RpcWsSession(const ServerContext& server, std::unique_ptr<http::WebSocket> socket, std::string principal);
  ~RpcWsSession() override;

  // Serves the connection until the client leaves; returns when everything of it has ended.
  boost::asio::awaitable<void> run();
  void close_for_shutdown() override;

 private:
  boost::asio::awaitable<void> answer_in_order();
  boost::asio::awaitable<void> answer(const RpcRequest& request);
  // Writes a spooled result as one message, in parts at the reader's pace; false when it could not be
  // completed.
  boost::asio::awaitable<bool> send_result(const RpcRequest& request, ResultSpool& spool);
  bool backlog_full() const;
  boost::asio::awaitable<bool> ensure_session();
  boost::asio::awaitable<bool> send(const std::string& text);
  boost::asio::awaitable<void> close(http::WsCloseCode code, std::string reason);

  const ServerContext& server_;
  std::unique_ptr<http::WebSocket> socket_;
  TaskGroup tasks_;
  AsyncLock write_lock_;
  // One event per waiter (the answering loop, the reading loop), so neither can reset the other's wake-up;
  // both are set when the connection closes.
  AsyncEvent request_arrived_;
  AsyncEvent request_taken_;
  std::deque<std::string> backlog_;  // requests as received, parsed when their turn comes
  size_t backlog_bytes_ = 0;
  std::unique_ptr<Session> session_;  // opened with the first request
  std::shared_ptr<QueryJob> current_;
  SpoolAllowance spool_allowance_;
  const AdmissionOwner owner_;  // this connection's statements take turns with other connections'
  const std::string principal_;
  bool closing_ = false;
};

}  // namespace duckwire::jsonrpc
