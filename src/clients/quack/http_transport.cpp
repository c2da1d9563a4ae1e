#include "clients/quack/http_transport.hpp"

#include <openssl/ssl.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <optional>

namespace duckwire::quack_client {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using boost::system::error_code;

namespace {

constexpr size_t kErrorTextBytes = 500;

Error unavailable(std::string message) {
  return Error{ErrorKind::kUnavailable, std::move(message)};
}

// A reply body shown in an error: its first bytes, control characters as spaces.
std::string printable_excerpt(std::string_view body) {
  std::string text(body.substr(0, kErrorTextBytes));
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  if (body.size() > kErrorTextBytes) text += "...";
  return text;
}

bool is_ip_address(const std::string& host) {
  error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

}  // namespace

struct HttpTransport::Impl {
  using TlsStream = beast::ssl_stream<beast::tcp_stream>;

  Endpoint endpoint;
  TransportOptions options;
  std::string url;
  asio::io_context io;
  std::optional<ssl::context> tls_context;
  std::optional<beast::tcp_stream> plain;
  std::optional<TlsStream> secure;
  beast::flat_buffer buffer;
  uint64_t requests_on_connection = 0;

  // Beast reads as much as the buffer has room for, at least 512 bytes: room for large replies up front.
  static constexpr size_t kReadBytes = 64 * 1024;

  Impl(const Endpoint& endpoint_in, const TransportOptions& options_in)
      : endpoint(endpoint_in), options(options_in), url(to_string(endpoint_in)) {
    buffer.reserve(kReadBytes);
  }

  bool connected() const { return plain.has_value() || secure.has_value(); }

  beast::tcp_stream& tcp() { return secure ? secure->next_layer() : *plain; }

  // Runs the asynchronous operation `start` begins to its end (or its timeout) and returns its outcome.
  template <class Start>
  error_code run(Start start) {
    error_code outcome = asio::error::would_block;
    start([&outcome](error_code ec, auto&&...) { outcome = ec; });
    io.restart();
    io.run();
    return outcome;
  }

  void expire_after(std::chrono::seconds timeout) {
    if (timeout.count() > 0) {
      tcp().expires_after(timeout);
    } else {
      tcp().expires_never();
    }
  }

  void close() {
    if (!connected()) return;
    error_code ignored;
    tcp().socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    tcp().socket().close(ignored);
    secure.reset();
    plain.reset();
    buffer.clear();
    requests_on_connection = 0;
  }

  Result<void> make_tls_context() {
    tls_context.emplace(ssl::context::tls_client);
    error_code ec;
    tls_context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                                 ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1,
                             ec);
    if (!ec && options.verify_peer) {
      if (options.ca_file.empty()) {
        tls_context->set_default_verify_paths(ec);
      } else {
        tls_context->load_verify_file(options.ca_file, ec);
      }
    }
    if (!ec) tls_context->set_verify_mode(options.verify_peer ? ssl::verify_peer : ssl::verify_none, ec);
    if (ec) return unavailable("TLS set-up for " + url + " failed: " + ec.message());
    return {};
  }

  Result<void> connect() {
    close();
    asio::ip::tcp::resolver resolver(io);
    error_code ec;
    const auto addresses = resolver.resolve(endpoint.host, std::to_string(endpoint.port), ec);
    if (ec) return unavailable("cannot resolve " + endpoint.host + ": " + ec.message());
    if (endpoint.tls) {
      if (!tls_context) {
        if (auto made = make_tls_context(); !made) return made;
      }
      secure.emplace(io, *tls_context);
    } else {
      plain.emplace(io);
    }
    expire_after(options.connect_timeout);
    ec = run([&](auto handler) { tcp().async_connect(addresses, std::move(handler)); });
    if (ec) {
      close();
      return unavailable("cannot connect to " + url + ": " + ec.message());
    }
    // A request goes out in one write and waits for its reply: nothing to gain from Nagle's delay.
    tcp().socket().set_option(boost::asio::ip::tcp::no_delay(true), ec);
    if (secure) {
      if (auto shaken = handshake(); !shaken) return shaken;
    }
    tcp().expires_never();
    return {};
  }

  Result<void> handshake() {
    SSL* native = secure->native_handle();
    if (!is_ip_address(endpoint.host)) SSL_set_tlsext_host_name(native, endpoint.host.c_str());
    error_code ec;
    if (options.verify_peer) secure->set_verify_callback(ssl::host_name_verification(endpoint.host), ec);
    if (!ec) {
      ec = run([&](auto handler) { secure->async_handshake(ssl::stream_base::client, std::move(handler)); });
    }
    if (!ec) return {};
    close();
    return unavailable("TLS handshake with " + url + " failed: " + ec.message());
  }

  struct Exchange {
    std::optional<http::response<http::string_body>> reply;
    error_code error;
    bool reply_started = false;  // some bytes of a reply arrived
  };

  Exchange exchange(const http::request<http::string_body>& request) {
    Exchange outcome;
    expire_after(options.request_timeout);
    outcome.error = secure
                        ? run([&](auto handler) { http::async_write(*secure, request, std::move(handler)); })
                        : run([&](auto handler) { http::async_write(*plain, request, std::move(handler)); });
    if (outcome.error) return outcome;
    http::response_parser<http::string_body> parser;
    parser.body_limit(options.max_reply_bytes);
    outcome.error =
        secure ? run([&](auto handler) { http::async_read(*secure, buffer, parser, std::move(handler)); })
               : run([&](auto handler) { http::async_read(*plain, buffer, parser, std::move(handler)); });
    outcome.reply_started = parser.got_some();
    if (!outcome.error) outcome.reply = parser.release();
    tcp().expires_never();
    return outcome;
  }

  Error failure(const Exchange& exchange) {
    if (exchange.error == http::error::body_limit) {
      return unavailable("the reply from " + url + " is larger than " +
                         std::to_string(options.max_reply_bytes) + " bytes");
    }
    if (exchange.error == beast::error::timeout) {
      return unavailable("no reply from " + url + " within " +
                         std::to_string(options.request_timeout.count()) + " s");
    }
    if (exchange.error == http::error::end_of_stream || exchange.error == asio::error::eof ||
        exchange.error == asio::error::connection_reset || exchange.error == http::error::partial_message) {
      return unavailable("the server at " + url + " closed the connection" +
                         (exchange.reply_started ? " in the middle of its reply" : " without a reply"));
    }
    return unavailable("the request to " + url + " failed: " + exchange.error.message());
  }
};

HttpTransport::HttpTransport(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpTransport::~HttpTransport() {
  if (impl_) impl_->close();
}

Result<std::unique_ptr<HttpTransport>> HttpTransport::open(const Endpoint& endpoint,
                                                           const TransportOptions& options) {
  auto impl = std::make_unique<Impl>(endpoint, options);
  if (auto connected = impl->connect(); !connected) return connected.error();
  return std::unique_ptr<HttpTransport>(new HttpTransport(std::move(impl)));
}

const Endpoint& HttpTransport::endpoint() const {
  return impl_->endpoint;
}

Result<std::string> HttpTransport::post(std::string_view body) {
  Impl& impl = *impl_;
  http::request<http::string_body> request{http::verb::post, impl.endpoint.path, 11};
  request.set(http::field::host, host_header(impl.endpoint));
  request.set(http::field::user_agent, impl.options.user_agent);
  request.keep_alive(true);
  request.body() = std::string(body);
  request.prepare_payload();

  Impl::Exchange exchange;
  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool reused = impl.connected() && impl.requests_on_connection > 0;
    if (!impl.connected()) {
      if (auto connected = impl.connect(); !connected) return connected.error();
    }
    ++impl.requests_on_connection;
    exchange = impl.exchange(request);
    if (!exchange.error) break;
    impl.close();
    if (!reused || exchange.reply_started) return impl.failure(exchange);
  }
  if (exchange.error) return impl.failure(exchange);

  http::response<http::string_body>& reply = *exchange.reply;
  if (!reply.keep_alive()) impl.close();
  const unsigned status = reply.result_int();
  if (status < 200 || status > 299) {
    std::string message = "HTTP " + std::to_string(status);
    if (!reply.reason().empty()) message += " " + std::string(reply.reason());
    message += " from " + impl.url;
    const std::string text = printable_excerpt(reply.body());
    if (!text.empty()) message += ": " + text;
    return unavailable(message);
  }
  return std::move(reply.body());
}

}  // namespace duckwire::quack_client
