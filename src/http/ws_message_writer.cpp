#include "http/ws_message_writer.hpp"

namespace duckwire::http {

WsMessageWriter::WsMessageWriter(WebSocket& socket, bool binary, std::string prefix)
    : socket_(socket), binary_(binary), pending_(std::move(prefix)) {}

boost::asio::awaitable<bool> WsMessageWriter::add(std::string part) {
  if (!started_) {
    part.insert(0, pending_);
    pending_ = std::move(part);
    started_ = true;
    co_return socket_.is_open();
  }
  const bool sent = co_await write(false);
  pending_ = std::move(part);
  co_return sent;
}

boost::asio::awaitable<bool> WsMessageWriter::finish(std::string_view suffix) {
  pending_.append(suffix);
  const bool sent = co_await write(true);
  pending_.clear();
  co_return sent;
}

boost::asio::awaitable<bool> WsMessageWriter::write(bool last) {
  if (!socket_.is_open()) co_return false;
  const bool sent = co_await socket_.write_part(pending_, binary_, last);
  if (sent) bytes_written_ += pending_.size();
  co_return sent;
}

}  // namespace duckwire::http
