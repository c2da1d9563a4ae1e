#include "http/connection.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include <algorithm>
#include <cctype>
#include <utility>

#include "http/beast_streams.hpp"
#include "http/websocket_session.hpp"
#include "util/ascii.hpp"

namespace duckwire::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace asio = boost::asio;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr auto kWriteTimeout = std::chrono::seconds(60);

namespace {

HttpRequest to_request(const BeastRequest& raw, std::string remote_address) {
  HttpRequest request;
  request.method = std::string(raw.method_string());
  request.target = std::string(raw.target());
  const size_t question = request.target.find('?');
  request.path = request.target.substr(0, question);
  if (question != std::string::npos) request.query = request.target.substr(question + 1);
  for (const auto& field : raw)
    request.headers.emplace_back(ascii_lower(field.name_string()), std::string(field.value()));
  request.keep_alive = raw.keep_alive();
  request.remote_address = std::move(remote_address);
  return request;
}

template <class Stream>
class BeastExchange final : public HttpExchange {
 public:
  BeastExchange(Stream& stream, BeastRequest& raw, HttpRequest request, const ConnectionContext& context)
      : stream_(stream), raw_(raw), request_(std::move(request)), context_(context) {}
  ~BeastExchange() override {
    if (!upgraded_) stop_watching_for_close();
  }

  const HttpRequest& request() const override { return request_; }
  std::string take_body() override { return std::exchange(request_.body, std::string()); }

  asio::awaitable<void> respond(HttpResponse response) override {
    bhttp::response<bhttp::string_body> message{static_cast<bhttp::status>(response.status), 11};
    apply_head(message, response);
    message.body() = std::move(response.body);
    // A 204 carries no body and, by RFC 9110, no Content-Length either.
    if (response.status != 204) message.prepare_payload();
    beast::get_lowest_layer(stream_).expires_after(kWriteTimeout);
    auto [ec, size] = co_await bhttp::async_write(stream_, message, kNoThrow);
    record(ec, size);
  }

  asio::awaitable<bool> begin_stream(HttpResponse head) override {
    bhttp::response<bhttp::empty_body> message{static_cast<bhttp::status>(head.status), 11};
    apply_head(message, head);
    message.chunked(true);
    bhttp::response_serializer<bhttp::empty_body> serializer(message);
    beast::get_lowest_layer(stream_).expires_after(kWriteTimeout);
    auto [ec, size] = co_await bhttp::async_write_header(stream_, serializer, kNoThrow);
    record(ec, size);
    co_return !ec;
  }

  asio::awaitable<bool> write_chunk(std::string_view data) override {
    if (data.empty()) co_return !failed_;
    beast::get_lowest_layer(stream_).expires_after(kWriteTimeout);
    auto [ec, size] = co_await asio::async_write(
        stream_, bhttp::make_chunk(asio::buffer(data.data(), data.size())), kNoThrow);
    record(ec, size);
    co_return !ec;
  }

  asio::awaitable<bool> end_stream() override {
    beast::get_lowest_layer(stream_).expires_after(kWriteTimeout);
    auto [ec, size] = co_await asio::async_write(stream_, bhttp::make_chunk_last(), kNoThrow);
    record(ec, size);
    co_return !ec;
  }

  void abandon_stream() override { failed_ = true; }

  void close_now() override {
    failed_ = true;
    beast::get_lowest_layer(stream_).close();
  }

  void watch_for_close(std::function<void()> on_close) override {
    stop_watching_for_close();
    auto& socket = beast::get_lowest_layer(stream_).socket();
    watching_ = std::make_shared<bool>(true);
    socket.async_wait(asio::ip::tcp::socket::wait_read,
                      [&socket, watching = watching_, on_close = std::move(on_close)](const beast::error_code& ec) {
                        if (ec || !*watching) return;
                        // Readable: either the peer's end of stream, or its next request (then keep quiet).
                        char byte = 0;
                        if (::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0) on_close();
                      });
  }

  void stop_watching_for_close() override {
    if (!watching_) return;
    *watching_ = false;
    watching_.reset();
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().cancel(ignored);
  }

  bool is_websocket_upgrade() const override { return beast::websocket::is_upgrade(raw_); }

  asio::awaitable<std::unique_ptr<WebSocket>> accept_websocket(const WebSocketOptions& options) override {
    stop_watching_for_close();
    upgraded_ = true;
    co_return co_await http::accept_websocket<Stream>(std::move(stream_), raw_, options);
  }

  bool upgraded() const { return upgraded_; }
  bool failed() const { return failed_; }
  bool keep_alive() const { return keep_alive_; }

 private:
  template <class Message>
  void apply_head(Message& message, const HttpResponse& response) {
    message.set(bhttp::field::server, "duckwire");
    message.set(bhttp::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers) message.set(name, value);
    apply_cors(message);
    keep_alive_ = request_.keep_alive && response.status < 500;
    message.keep_alive(keep_alive_);
  }

  // Which page may read the response is decided here, for every route, never by a handler.
  template <class Message>
  void apply_cors(Message& message) {
    const std::optional<std::string> allowed = context_.origins.allow_origin(request_);
    if (!allowed) {
      message.erase(bhttp::field::access_control_allow_origin);
    } else {
      message.set(bhttp::field::access_control_allow_origin, *allowed);
      // Chrome asks before a public page may reach a loopback or private address.
      if (request_.method == "OPTIONS" && request_.header("access-control-request-private-network"))
        message.set("Access-Control-Allow-Private-Network", "true");
    }
    if (allowed != "*") message.set(bhttp::field::vary, "Origin");
  }

  void record(const beast::error_code& ec, size_t size) {
    context_.metrics.bytes_sent(context_.protocol, size);
    if (ec) failed_ = true;
  }

  Stream& stream_;
  BeastRequest& raw_;
  HttpRequest request_;
  const ConnectionContext& context_;
  bool upgraded_ = false;
  bool failed_ = false;
  bool keep_alive_ = true;
  std::shared_ptr<bool> watching_;  // set while watch_for_close() waits; false once stopped
};

template <class Stream>
asio::awaitable<void> send_error_and_close(Stream& stream, int status, std::string_view text) {
  bhttp::response<bhttp::string_body> message{static_cast<bhttp::status>(status), 11};
  message.set(bhttp::field::server, "duckwire");
  message.set(bhttp::field::content_type, "text/plain; charset=utf-8");
  message.keep_alive(false);
  message.body() = std::string(text) + "\n";
  message.prepare_payload();
  beast::get_lowest_layer(stream).expires_after(kWriteTimeout);
  co_await bhttp::async_write(stream, message, kNoThrow);
}

// Beast reads as much as the buffer has room for, at least 512 bytes: without room made first, a
// large body arrives in hundreds of 512-byte reads.
constexpr uint64_t kBodyReadBytes = 64 * 1024;

void make_room_for_body(beast::flat_buffer& buffer, const bhttp::request_parser<bhttp::string_body>& parser) {
  const auto length = parser.content_length();
  if (!length || *length <= buffer.capacity() - buffer.size()) return;
  buffer.reserve(buffer.size() + static_cast<size_t>(std::min(*length, kBodyReadBytes)));
}

// Returns true when the stream was handed over to a WebSocket.
template <class Stream>
asio::awaitable<bool> serve_requests(Stream& stream, const ConnectionContext& context,
                                     std::string remote_address) {
  beast::flat_buffer buffer;
  bool first = true;
  while (true) {
    // An idle kept-alive connection keeps no room made for an earlier large body.
    if (buffer.size() == 0 && buffer.capacity() > kBodyReadBytes / 8) buffer.shrink_to_fit();
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<uint32_t>(context.limits.header_bytes));
    parser.body_limit(context.limits.body_bytes);
    // An idle kept-alive connection waits up to idle_timeout for the next request; once a
    // request starts it must arrive whole within request_timeout.
    const bool idle = !first && buffer.size() == 0;
    beast::get_lowest_layer(stream).expires_after(idle ? context.limits.idle_timeout : context.limits.request_timeout);
    first = false;
    auto [header_ec, header_size] = co_await bhttp::async_read_header(stream, buffer, parser, kNoThrow);
    boost::system::error_code ec = header_ec;
    if (!ec) {
      if (idle) beast::get_lowest_layer(stream).expires_after(context.limits.request_timeout);
      make_room_for_body(buffer, parser);
      auto [body_ec, body_size] = co_await bhttp::async_read(stream, buffer, parser, kNoThrow);
      ec = body_ec;
    }
    // A timeout has already closed the socket (the client was too slow or idle): nothing to answer.
    if (ec == bhttp::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
        ec == beast::error::timeout) {
      co_return false;
    }
    if (ec == bhttp::error::header_limit) {
      co_await send_error_and_close(stream, 431, "request header fields too large");
      co_return false;
    }
    if (ec == bhttp::error::body_limit) {
      co_await send_error_and_close(stream, 413, "payload too large");
      co_return false;
    }
    if (ec) {
      if (ec.category() == beast::error_code(bhttp::error::bad_target).category()) {
        co_await send_error_and_close(stream, 400, "bad request");
      }
      co_return false;
    }
    BeastRequest& raw = parser.get();
    HttpRequest request = to_request(raw, remote_address);
    request.body = std::move(raw.body());
    std::optional<OriginRefusal> refusal = context.origins.check(request);
    BeastExchange<Stream> exchange(stream, raw, std::move(request), context);
    if (refusal) {
      co_await exchange.respond(HttpResponse::text(403, refusal->reason + "\n"));
    } else {
      co_await context.router.load()->dispatch(exchange);
    }
    if (exchange.upgraded()) co_return true;
    if (exchange.failed() || !exchange.keep_alive()) co_return false;
  }
}

std::string remote_of(const asio::ip::tcp::socket& socket) {
  boost::system::error_code ec;
  const auto endpoint = socket.remote_endpoint(ec);
  return ec ? std::string("unknown") : endpoint.address().to_string();
}

}  // namespace

asio::awaitable<void> serve_connection(asio::ip::tcp::socket socket, asio::ssl::context* tls,
                                       const ConnectionContext& context) {
  const std::string remote = remote_of(socket);
  context.metrics.connection_opened(context.protocol);
  struct Closed {
    Metrics& metrics;
    Protocol protocol;
    ~Closed() { metrics.connection_closed(protocol); }
  } closed{context.metrics, context.protocol};

  if (tls == nullptr) {
    PlainStream stream(std::move(socket));
    const bool upgraded = co_await serve_requests(stream, context, remote);
    if (!upgraded) {
      beast::error_code ignored;
      stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    }
    co_return;
  }
  TlsStream stream(std::move(socket), *tls);
  beast::get_lowest_layer(stream).expires_after(context.limits.request_timeout);
  auto [handshake_error] = co_await stream.async_handshake(asio::ssl::stream_base::server, kNoThrow);
  if (handshake_error) {
    spdlog::debug("TLS handshake with {} failed: {}", remote, handshake_error.message());
    co_return;
  }
  const bool upgraded = co_await serve_requests(stream, context, remote);
  if (!upgraded) {
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(5));
    co_await stream.async_shutdown(kNoThrow);
  }
}

}  // namespace duckwire::http
