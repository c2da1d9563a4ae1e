#pragma once
// The PostgreSQL front door's listener (--pg-port on --host).

#include <boost/asio/io_context.hpp>

#include <string>

#include "core/server_context.hpp"
#include "core/tcp_listener.hpp"
#include "protocols/pgwire/pg_connection.hpp"

namespace duckwire::pgwire {

class PgListener {
 public:
  PgListener(boost::asio::io_context& accept_io, TcpListener::IoPicker pick_io, const ServerContext& server,
             PgOptions options);

  Result<void> open(const std::string& host, uint16_t port) { return tcp_.open(host, port); }
  uint16_t port() const { return tcp_.port(); }
  void start() { tcp_.start(); }

 private:
  PgFrontDoor door_;
  TcpListener tcp_;
};

// The front door's options from the server's configuration; `tls` is a TLS context of its own (ALPN
// "postgresql" is set on it), null without a certificate.
PgOptions pg_options(const Config& config, bool has_users, std::shared_ptr<boost::asio::ssl::context> tls);

}  // namespace duckwire::pgwire
