#include "http/websocket_session.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

namespace duckwire::http {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
namespace asio = boost::asio;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

namespace {

template <class Stream>
class BeastWebSocket final : public WebSocket {
 public:
  explicit BeastWebSocket(Stream stream) : ws_(std::move(stream)) {}

  asio::awaitable<bool> accept(const BeastRequest& request, const WebSocketOptions& options) {
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = std::chrono::seconds(30);
    timeouts.idle_timeout = options.idle_timeout;
    timeouts.keep_alive_pings = true;
    ws_.set_option(timeouts);
    if (options.permessage_deflate) {
      websocket::permessage_deflate deflate;
      deflate.server_enable = true;
      // Beast's deflate is slow at its default level; level 1 keeps large results moving.
      deflate.compLevel = 1;
      deflate.memLevel = 8;
      deflate.msg_size_threshold = 256;
      ws_.set_option(deflate);
    }
    ws_.read_message_max(options.max_message_bytes);
    ws_.auto_fragment(false);
    std::string subprotocol = options.subprotocol;
    ws_.set_option(websocket::stream_base::decorator([subprotocol](websocket::response_type& response) {
      response.set(beast::http::field::server, "duckwire");
      if (!subprotocol.empty()) response.set(beast::http::field::sec_websocket_protocol, subprotocol);
    }));
    auto [ec] = co_await ws_.async_accept(request, kNoThrow);
    co_return !ec;
  }

  asio::any_io_executor executor() override { return ws_.get_executor(); }

  asio::awaitable<WsReadResult> read() override {
    beast::flat_buffer buffer;
    auto [ec, size] = co_await ws_.async_read(buffer, kNoThrow);
    WsReadResult result;
    if (ec == websocket::error::closed) {
      result.status = WsReadStatus::kClosed;
    } else if (ec == websocket::error::message_too_big) {
      result.status = WsReadStatus::kTooBig;
    } else if (ec) {
      result.status = WsReadStatus::kError;
    } else {
      result.status = WsReadStatus::kMessage;
      result.message.binary = ws_.got_binary();
      result.message.data = beast::buffers_to_string(buffer.data());
    }
    co_return result;
  }

  asio::awaitable<bool> write(std::string_view data, bool binary) override {
    ws_.binary(binary);
    ws_.compress(true);
    auto [ec, size] = co_await ws_.async_write(asio::buffer(data.data(), data.size()), kNoThrow);
    co_return !ec;
  }

  asio::awaitable<bool> write_part(std::string_view data, bool binary, bool last) override {
    ws_.binary(binary);
    // A message written in several parts goes uncompressed. Beast 1.81's permessage-deflate loses
    // the message when a non-final part compresses to no output yet (highly repetitive data): the next
    // part then starts a new message, so the client receives the end as a message of its own.
    if (!mid_message_) ws_.compress(last);
    mid_message_ = !last;
    auto [ec, size] = co_await ws_.async_write_some(last, asio::buffer(data.data(), data.size()), kNoThrow);
    co_return !ec;
  }

  asio::awaitable<void> close(WsCloseCode code, std::string_view reason) override {
    if (!ws_.is_open()) co_return;
    websocket::close_reason why(static_cast<uint16_t>(code));
    why.reason.assign(reason.data(), std::min(reason.size(), why.reason.max_size()));
    co_await ws_.async_close(why, kNoThrow);
  }

  void abort() override {
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

  bool is_open() const override { return ws_.is_open(); }

 private:
  websocket::stream<Stream> ws_;
  bool mid_message_ = false;  // a message written with write_part has begun and not ended
};

}  // namespace

template <class Stream>
asio::awaitable<std::unique_ptr<WebSocket>> accept_websocket(Stream stream, const BeastRequest& request,
                                                             const WebSocketOptions& options) {
  auto socket = std::make_unique<BeastWebSocket<Stream>>(std::move(stream));
  const bool accepted = co_await socket->accept(request, options);
  if (!accepted) co_return nullptr;
  co_return std::unique_ptr<WebSocket>(std::move(socket));
}

template asio::awaitable<std::unique_ptr<WebSocket>> accept_websocket<PlainStream>(PlainStream,
                                                                                   const BeastRequest&,
                                                                                   const WebSocketOptions&);
template asio::awaitable<std::unique_ptr<WebSocket>> accept_websocket<TlsStream>(TlsStream,
                                                                                 const BeastRequest&,
                                                                                 const WebSocketOptions&);

}  // namespace duckwire::http
