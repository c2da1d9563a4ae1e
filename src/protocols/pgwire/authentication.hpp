#pragma once
// Authenticating a PostgreSQL client against the server's users: trust, scram-sha-256 (SASL), md5
// (random salt) or password (cleartext; only over TLS unless --pg-allow-cleartext-password). Every
// outcome counts in the shared per-address failed-login table; an attempt from an address that other
// doors would lock out waits (at most 1 s) and is then checked, never refused unchecked. A wrong
// password or unknown user is FATAL 28P01 "password authentication failed for user ...". Never logs
// a password.

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>

#include "core/server_context.hpp"
#include "protocols/pgwire/pg_error.hpp"
#include "protocols/pgwire/pg_options.hpp"
#include "protocols/pgwire/pg_stream.hpp"

namespace duckwire::pgwire {

// Runs the exchange up to (not including) AuthenticationOk; nullopt when the client proved who it
// is, else the FATAL error to send (nothing is sent when the client simply left). A backend that checks
// passwords itself (Backend::checks_passwords) is asked instead of the server's users, whatever --pg-auth.
boost::asio::awaitable<std::optional<PgError>> authenticate(PgStream& stream, const ServerContext& server,
                                                            const PgOptions& options, const ClientInfo& client);

// The method in force: --pg-auth, else scram-sha-256 when users exist and trust when none do.
PgAuthMethod effective_auth_method(std::optional<PgAuthMethod> chosen, bool has_users);

}  // namespace duckwire::pgwire
