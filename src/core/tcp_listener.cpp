#include "core/tcp_listener.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace duckwire {

namespace asio = boost::asio;
using asio::ip::tcp;

TcpListener::TcpListener(asio::io_context& accept_io, IoPicker pick_io, Serve serve)
    : accept_io_(accept_io), pick_io_(std::move(pick_io)), serve_(std::move(serve)), acceptor_(accept_io) {}

Result<void> TcpListener::open(const std::string& host, uint16_t port) {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  if (ec) return Error{ErrorKind::kInvalidInput, fmt::format("{}: not an IP address", host)};
  const tcp::endpoint endpoint(address, port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Error{ErrorKind::kIo, fmt::format("cannot listen on {}:{}: {}", host, port, ec.message())};
  return {};
}

uint16_t TcpListener::port() const {
  return acceptor_.local_endpoint().port();
}

void TcpListener::start() {
  asio::co_spawn(accept_io_, accept_loop(), asio::detached);
}

asio::awaitable<void> TcpListener::accept_loop() {
  while (acceptor_.is_open()) {
    // A strand even on a one-thread context: the connection's code relies on it, not on the thread count.
    auto [ec, socket] =
        co_await acceptor_.async_accept(asio::make_strand(pick_io_()), asio::as_tuple(asio::use_awaitable));
    if (ec) {
      if (ec == asio::error::operation_aborted) co_return;
      spdlog::warn("accept failed: {}", ec.message());
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    serve_(std::move(socket));
  }
}

}  // namespace duckwire
