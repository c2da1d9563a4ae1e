#pragma once
// The start of a PostgreSQL connection, before authentication: SSLRequest (answered 'S' and a TLS
// handshake when the server has a certificate, else 'N'), direct TLS (a TLS handshake as the first
// bytes, ALPN "postgresql"), GSSENCRequest ('N'), CancelRequest, and the StartupMessage with
// NegotiateProtocolVersion for a newer minor version or `_pq_.` options.

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>
#include <variant>

#include "protocols/pgwire/frontend_messages.hpp"
#include "protocols/pgwire/pg_error.hpp"
#include "protocols/pgwire/pg_options.hpp"
#include "protocols/pgwire/pg_stream.hpp"

namespace duckwire::pgwire {

// The startup packets are small; PostgreSQL's bound.
inline constexpr int32_t kMaxStartupPacketBytes = 10'000;

struct StartupOutcome {
  // A StartupMessage or a CancelRequest; monostate when the connection ends here (`failure`, when
  // set, is the FATAL error to send first).
  std::variant<std::monostate, StartupMessage, CancelRequest> packet;
  std::optional<PgError> failure;
};

boost::asio::awaitable<StartupOutcome> negotiate_startup(PgStream& stream, const PgOptions& options);

// Makes `context` accept the ALPN protocol "postgresql" (and refuse a client that offers only
// others), as PostgreSQL 17 clients with sslnegotiation=direct require.
void select_postgresql_alpn(boost::asio::ssl::context& context);

// The `_pq_.` options a StartupMessage carries (protocol extensions duckwire does not know).
std::vector<std::string> protocol_extensions(const StartupMessage& startup);

}  // namespace duckwire::pgwire
