#pragma once
// Accepts TCP connections on one address and serves each with serve_connection on its own strand.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>

#include "http/connection.hpp"
#include "util/error.hpp"

namespace duckwire::http {

class HttpListener {
 public:
  HttpListener(boost::asio::io_context& io, std::shared_ptr<boost::asio::ssl::context> tls,
               ConnectionContext context);

  // Binds and listens; the error names the address when that fails (e.g. the port is in use).
  Result<void> open(const std::string& host, uint16_t port);
  uint16_t port() const;
  void start();
  void stop();

 private:
  boost::asio::awaitable<void> accept_loop();

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  ConnectionContext context_;
};

}  // namespace duckwire::http
