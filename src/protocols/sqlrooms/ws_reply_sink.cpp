#include "protocols/sqlrooms/ws_reply_sink.hpp"

#include "protocols/sqlrooms/replies.hpp"

namespace duckwire::sqlrooms {

namespace asio = boost::asio;

WsReplySink::WsReplySink(const QueryRequest& request, http::WebSocket& socket, AsyncLock& write_lock,
                         Metrics& metrics, SpoolAllowance& spool_allowance, std::function<bool()> may_begin)
    : request_(request),
      socket_(socket),
      write_lock_(write_lock),
      metrics_(metrics),
      spool_allowance_(spool_allowance),
      may_begin_(std::move(may_begin)) {}

asio::awaitable<bool> WsReplySink::write_whole(std::string text) {
  auto guard = co_await write_lock_.acquire();
  if (!socket_.is_open()) co_return false;
  const bool sent = co_await socket_.write(text, false);
  if (sent) metrics_.bytes_sent(Protocol::kSqlRooms, text.size());
  co_return sent;
}

asio::awaitable<void> WsReplySink::ok() {
  // Temporaries of a conditional inside co_await are destroyed twice by GCC 12: name them first.
  std::string text = request_.query_id ? ok_reply(*request_.query_id) : std::string("{}");
  co_await write_whole(std::move(text));
}

asio::awaitable<void> WsReplySink::error(std::string_view message) {
  std::string text =
      request_.query_id ? error_reply(request_.query_id, message) : mosaic_error_reply(message);
  co_await write_whole(std::move(text));
}

void WsReplySink::count_written() {
  metrics_.bytes_sent(Protocol::kSqlRooms, message_->bytes_written() - counted_bytes_);
  counted_bytes_ = message_->bytes_written();
}

asio::awaitable<bool> WsReplySink::begin_result() {
  guard_.emplace(co_await write_lock_.acquire());
  if (!may_begin_()) {
    // Queue behind what is already waiting for the socket (the cancelAck among it).
    guard_.reset();
    co_await error(kCancelledMessage);
    co_return false;
  }
  std::string header;
  if (request_.query_id) {
    header = request_.type == QueryType::kArrow ? arrow_frame_prefix(*request_.query_id)
                                                : json_reply_prefix(*request_.query_id);
  }
  message_.emplace(socket_, request_.type == QueryType::kArrow, std::move(header));
  counted_bytes_ = 0;
  co_return socket_.is_open();
}

asio::awaitable<bool> WsReplySink::result_part(std::string encoded) {
  const bool sent = co_await message_->add(std::move(encoded));
  count_written();
  co_return sent;
}

asio::awaitable<bool> WsReplySink::end_result() {
  const bool sent = co_await message_->finish(json_in_string() ? kJsonReplySuffix : "");
  count_written();
  message_.reset();
  guard_.reset();
  co_return sent;
}

}  // namespace duckwire::sqlrooms
