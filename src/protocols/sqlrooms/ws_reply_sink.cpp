#include "protocols/sqlrooms/ws_reply_sink.hpp"

#include "protocols/sqlrooms/replies.hpp"

namespace duckwire::sqlrooms {

namespace asio = boost::asio;

WsReplySink::WsReplySink(const QueryRequest& request, http::WebSocket& socket, AsyncLock& write_lock,
                         Metrics& metrics, std::function<void()> on_first_byte)
    : request_(request),
      socket_(socket),
      write_lock_(write_lock),
      metrics_(metrics),
      on_first_byte_(std::move(on_first_byte)) {}

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

asio::awaitable<bool> WsReplySink::write_part(std::string_view data, bool last) {
  const bool binary = request_.type == QueryType::kArrow;
  if (!socket_.is_open()) co_return false;
  const bool sent = co_await socket_.write_part(data, binary, last);
  if (sent) metrics_.bytes_sent(Protocol::kSqlRooms, data.size());
  co_return sent;
}

// The message goes out one fragment behind the encoder: each fragment is written only once the next one
// exists, so the last fragment carries data (Beast's deflate loses an empty final fragment) and the
// small reply header travels with the first rows (so compression sees a real first fragment).
asio::awaitable<bool> WsReplySink::begin_result() {
  guard_.emplace(co_await write_lock_.acquire());
  if (on_first_byte_) on_first_byte_();
  pending_.clear();
  started_ = false;
  if (request_.query_id) {
    pending_ = request_.type == QueryType::kArrow ? arrow_frame_prefix(*request_.query_id)
                                                  : json_reply_prefix(*request_.query_id);
  }
  co_return socket_.is_open();
}

asio::awaitable<bool> WsReplySink::result_part(std::string encoded) {
  bool sent = true;
  if (!started_) {
    encoded.insert(0, pending_);  // the reply header goes out with the first rows
    started_ = true;
  } else {
    sent = co_await write_part(pending_, false);
  }
  pending_ = std::move(encoded);
  co_return sent;
}

asio::awaitable<bool> WsReplySink::end_result() {
  if (json_in_string()) pending_.append(kJsonReplySuffix);
  const bool sent = co_await write_part(pending_, true);
  pending_.clear();
  guard_.reset();
  co_return sent;
}

}  // namespace duckwire::sqlrooms
