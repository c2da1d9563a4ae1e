#pragma once
// One PostgreSQL client connection from accept to close: startup negotiation (within
// --request-timeout), authentication, the backend's connect hook, then its PgSession.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "core/server_context.hpp"
#include "protocols/pgwire/cancel_registry.hpp"
#include "protocols/pgwire/pg_options.hpp"

namespace duckwire::pgwire {

// What every connection of the PostgreSQL front door shares.
struct PgFrontDoor {
  const ServerContext& server;
  PgOptions options;
  CancelRegistry cancels;
};

boost::asio::awaitable<void> serve_pg_connection(boost::asio::ip::tcp::socket socket, PgFrontDoor& door);

}  // namespace duckwire::pgwire
