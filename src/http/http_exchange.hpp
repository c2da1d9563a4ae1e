#pragma once
// One HTTP request and the means to answer it: a whole response, a streamed (chunked) one, or an
// upgrade to WebSocket.

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "http/http_types.hpp"
#include "http/websocket.hpp"

namespace duckwire::http {

struct WebSocketOptions {
  uint64_t max_message_bytes = 64ull << 20;
  bool permessage_deflate = true;
  std::string subprotocol;  // echoed in the 101 response when not empty
  // A silent peer is pinged after half of this and dropped when nothing arrived for all of it.
  std::chrono::milliseconds idle_timeout{60'000};
};

class HttpExchange {
 public:
  virtual ~HttpExchange() = default;
  virtual const HttpRequest& request() const = 0;
  // The request's body, moved out: request().body is empty afterwards.
  virtual std::string take_body() = 0;

  virtual boost::asio::awaitable<void> respond(HttpResponse response) = 0;

  // Streaming: headers first (chunked transfer encoding), then any number of chunks, then the end.
  virtual boost::asio::awaitable<bool> begin_stream(HttpResponse head) = 0;
  virtual boost::asio::awaitable<bool> write_chunk(std::string_view data) = 0;
  virtual boost::asio::awaitable<bool> end_stream() = 0;
  // Gives up on a started stream: the connection closes without the final chunk, so the client
  // sees a truncated response rather than a complete wrong one.
  virtual void abandon_stream() = 0;
  // Closes the connection at once, also cutting short a write that waits for a client that stopped
  // reading (it then fails). Call on the connection's executor.
  virtual void close_now() = 0;

  // Calls `on_close` (on the connection's executor) when the client closes its side of the connection
  // before stop_watching_for_close(), so work done for a request nobody waits for can stop. Watch
  // only while nothing is being written (e.g. while a query runs before its first byte).
  virtual void watch_for_close(std::function<void()> on_close) = 0;
  virtual void stop_watching_for_close() = 0;

  virtual bool is_websocket_upgrade() const = 0;
  // Completes the upgrade; the exchange's connection then belongs to the returned WebSocket.
  virtual boost::asio::awaitable<std::unique_ptr<WebSocket>> accept_websocket(
      const WebSocketOptions& options) = 0;
};

}  // namespace duckwire::http
