#pragma once
// A small blocking WebSocket client for the benchmarks (Boost.Beast, no permessage-deflate), so that
// what is timed is the server, not a JavaScript or Python client.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace bench {

struct ReplyInfo {
  uint64_t bytes = 0;  // the whole message, header included
  bool binary = false;
};

class WsClient {
 public:
  // receive_buffer_bytes > 0 sets SO_RCVBUF before connecting (a deliberately small window).
  WsClient(const std::string& host, uint16_t port, int receive_buffer_bytes = 0, const std::string& path = "/");
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;
  ~WsClient();

  void send_text(std::string_view text);
  // Reads one message piece by piece (at most max_piece bytes each), handing every piece on.
  ReplyInfo read_message(const std::function<void(std::string_view)>& on_piece, size_t max_piece = 1 << 20);
  // Reads one whole message into a string.
  std::string read_text();

 private:
  boost::asio::io_context io_;
  boost::beast::websocket::stream<boost::asio::ip::tcp::socket> ws_;
  boost::beast::flat_buffer buffer_;
};

// Checks a SQLRooms framed Arrow reply as its pieces arrive: [u32 BE length][header JSON][Arrow IPC
// stream ending with the end-of-stream marker]. Throws std::runtime_error on a malformed reply.
class FramedArrowCheck {
 public:
  void add(std::string_view piece);
  // Call after the last piece; returns the Arrow payload size in bytes.
  uint64_t finish() const;
  const std::string& header() const { return header_; }

 private:
  std::string head_;  // the first bytes, until the header is complete
  std::string header_;
  std::string tail_;  // the last 8 bytes seen
  uint64_t total_ = 0;
  uint64_t header_end_ = 0;
};

// Throws std::runtime_error when a text reply is a SQLRooms error object.
void throw_if_error_reply(std::string_view reply);

}  // namespace bench
