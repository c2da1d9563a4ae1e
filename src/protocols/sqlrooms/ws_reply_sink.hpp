#pragma once
// Replies to a query on a SQLRooms/Mosaic WebSocket: SQLRooms shapes when the request had a queryId,
// Mosaic shapes otherwise. A result is spooled whole first, then goes out as one message in parts,
// holding the connection's write lock from the first part to the last; a query cancelled before that
// gets the error reply "Query was cancelled" instead.

#include <functional>
#include <optional>
#include <string>

#include "core/async_event.hpp"
#include "core/metrics.hpp"
#include "core/result_spool.hpp"
#include "http/websocket.hpp"
#include "http/ws_message_writer.hpp"
#include "protocols/sqlrooms/query_reply.hpp"

namespace duckwire::sqlrooms {

class WsReplySink final : public ReplySink {
 public:
  // `may_begin` is asked once the write lock is held: false when the query was cancelled meanwhile.
  WsReplySink(const QueryRequest& request, http::WebSocket& socket, AsyncLock& write_lock, Metrics& metrics,
              SpoolAllowance& spool_allowance, std::function<bool()> may_begin);

  boost::asio::awaitable<void> ok() override;
  boost::asio::awaitable<void> error(std::string_view message) override;
  boost::asio::awaitable<bool> begin_result() override;
  boost::asio::awaitable<bool> result_part(std::string encoded) override;
  boost::asio::awaitable<bool> end_result() override;
  void mark_broken() override { broken_ = true; }
  bool broken_mid_message() const { return broken_; }
  bool json_in_string() const override { return request_.query_id && request_.type == QueryType::kJson; }
  SpoolAllowance* spool_allowance() override { return &spool_allowance_; }

 private:
  boost::asio::awaitable<bool> write_whole(std::string text);
  void count_written();

  const QueryRequest& request_;
  http::WebSocket& socket_;
  AsyncLock& write_lock_;
  Metrics& metrics_;
  SpoolAllowance& spool_allowance_;
  std::function<bool()> may_begin_;
  std::optional<AsyncLock::Guard> guard_;
  std::optional<http::WsMessageWriter> message_;
  uint64_t counted_bytes_ = 0;
  bool broken_ = false;
};

}  // namespace duckwire::sqlrooms
