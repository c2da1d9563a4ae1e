#pragma once
// A PostgreSQL client connection's byte stream: plain TCP, upgraded to TLS after SSLRequest, or TLS
// from the first byte (direct TLS). Reads are buffered; the messages themselves are framed by the
// caller. Use from the connection's strand; one read and one write may be outstanding at once.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <variant>

#include "util/error.hpp"

namespace duckwire::pgwire {

class PgStream {
 public:
  explicit PgStream(boost::asio::ip::tcp::socket socket);

  boost::asio::any_io_executor executor();
  bool is_tls() const { return std::holds_alternative<TlsStream>(stream_); }
  bool is_open() const { return open_; }
  const std::string& remote_address() const { return remote_address_; }
  uint16_t remote_port() const { return remote_port_; }

  // The first byte the client sent, left unread (0x16 starts a TLS handshake); nullopt when the
  // client left or the deadline passed.
  boost::asio::awaitable<std::optional<uint8_t>> peek_first_byte();
  // Bytes the client sent that are read into the buffer but not yet taken.
  size_t buffered() const { return buffer_.size() - start_; }
  // Runs the server side of a TLS handshake; the buffer must be empty (no plaintext may be smuggled
  // in before it).
  boost::asio::awaitable<Result<void>> start_tls(boost::asio::ssl::context& context);

  // Reads exactly `count` bytes into `out` (replacing it); false when the client left first.
  boost::asio::awaitable<bool> read_exact(size_t count, std::string& out);
  boost::asio::awaitable<bool> write(std::string_view data);

  // Every later read, write and handshake fails once `after` has passed, until clear_deadline().
  void set_deadline(std::chrono::steady_clock::duration after);
  void clear_deadline();
  void close();

 private:
  using PlainStream = boost::beast::tcp_stream;
  using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;
  boost::beast::tcp_stream& lowest();

  std::variant<PlainStream, TlsStream> stream_;
  std::string remote_address_;
  uint16_t remote_port_ = 0;
  std::string buffer_;
  size_t start_ = 0;
  bool open_ = true;
};

}  // namespace duckwire::pgwire
