#pragma once
// Accepts TCP connections on one address and serves each with serve_connection, on an I/O context
// chosen by `pick_io` (each connection stays on one I/O thread, so its completions never hop).

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include <functional>
#include <memory>
#include <string>

#include "http/connection.hpp"
#include "util/error.hpp"

namespace duckwire::http {

class HttpListener {
 public:
  using IoPicker = std::function<boost::asio::io_context&()>;
  HttpListener(boost::asio::io_context& accept_io, IoPicker pick_io,
               std::shared_ptr<boost::asio::ssl::context> tls, ConnectionContext context);

  // Binds and listens; the error names the address when that fails (e.g. the port is in use).
  Result<void> open(const std::string& host, uint16_t port);
  uint16_t port() const;
  // Accepts until the I/O context stops.
  void start();

 private:
  boost::asio::awaitable<void> accept_loop();

  boost::asio::io_context& accept_io_;
  IoPicker pick_io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  ConnectionContext context_;
};

}  // namespace duckwire::http
