#pragma once
// Writes one WebSocket message in parts as they are produced. The message goes out one part behind:
// each part is written only once the next one (or the end) exists, so the final fragment always
// carries data, and a small prefix travels with the first real part. A message in several parts goes
// uncompressed (see BeastWebSocket::write_part).

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <string>
#include <string_view>

#include "http/websocket.hpp"

namespace duckwire::http {

class WsMessageWriter {
 public:
  WsMessageWriter(WebSocket& socket, bool binary, std::string prefix);

  // False once the connection is gone.
  boost::asio::awaitable<bool> add(std::string part);
  // Appends `suffix` and ends the message.
  boost::asio::awaitable<bool> finish(std::string_view suffix);

  uint64_t bytes_written() const { return bytes_written_; }

 private:
  boost::asio::awaitable<bool> write(bool last);

  WebSocket& socket_;
  bool binary_;
  std::string pending_;   // written once more data or the end arrives
  bool started_ = false;  // pending_ holds a real part (before: only the prefix)
  uint64_t bytes_written_ = 0;
};

}  // namespace duckwire::http
