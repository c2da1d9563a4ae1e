#pragma once
// Accepts TCP connections on one address and hands each socket, with TCP_NODELAY set, to `serve`, on
// an I/O context chosen by `pick_io` (a connection stays on one I/O thread, so its completions never
// hop). Every front door's listener is one of these.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <functional>
#include <string>

#include "util/error.hpp"

namespace duckwire {

class TcpListener {
 public:
  using IoPicker = std::function<boost::asio::io_context&()>;
  // Called on the accepting thread; the socket's executor is a strand of its own I/O context.
  using Serve = std::function<void(boost::asio::ip::tcp::socket)>;

  TcpListener(boost::asio::io_context& accept_io, IoPicker pick_io, Serve serve);

  // Binds and listens; the error names the address when that fails (e.g. the port is in use).
  Result<void> open(const std::string& host, uint16_t port);
  uint16_t port() const;
  // Accepts until the I/O context stops.
  void start();

 private:
  boost::asio::awaitable<void> accept_loop();

  boost::asio::io_context& accept_io_;
  IoPicker pick_io_;
  Serve serve_;
  boost::asio::ip::tcp::acceptor acceptor_;
};

}  // namespace duckwire
