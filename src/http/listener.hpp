#pragma once
// Accepts HTTP(S) connections on one address and serves each with serve_connection.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>

#include "core/tcp_listener.hpp"
#include "http/connection.hpp"
#include "util/error.hpp"

namespace duckwire::http {

class HttpListener {
 public:
  using IoPicker = TcpListener::IoPicker;
  HttpListener(boost::asio::io_context& accept_io, IoPicker pick_io,
               std::shared_ptr<boost::asio::ssl::context> tls, ConnectionContext context);

  // Binds and listens; the error names the address when that fails (e.g. the port is in use).
  Result<void> open(const std::string& host, uint16_t port) { return tcp_.open(host, port); }
  uint16_t port() const { return tcp_.port(); }
  // Accepts until the I/O context stops.
  void start() { tcp_.start(); }

 private:
  std::shared_ptr<boost::asio::ssl::context> tls_;
  ConnectionContext context_;
  TcpListener tcp_;
};

}  // namespace duckwire::http
