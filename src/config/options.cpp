#include "config/options.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace duckwire {
namespace {

using enum OptionArity;

constexpr std::array kOptionSpecs{
    OptionSpec{"db-path", kSingle, "PATH", "DuckDB database file, or :memory: (default :memory:)"},
    OptionSpec{"host", kSingle, "HOST", "Address to listen on (default 127.0.0.1)"},
    OptionSpec{"port", kSingle, "PORT", "HTTP/WebSocket port, 0 for any free port (default 4000)"},
    OptionSpec{"threads", kSingle, "N", "DuckDB worker threads (default: DuckDB's choice)"},
    OptionSpec{"workers", kSingle, "N",
               "Server threads that make the blocking DuckDB calls, 4 or more; three quarters of them run "
               "statements (default: 16 or 4 per core, whichever is more)"},
    OptionSpec{"read-only", kFlag, "", "Open the database read-only"},
    OptionSpec{"extensions", kRepeated, "LIST", "Extensions to install and load at start, e.g. a,b@repo"},
    OptionSpec{"file-access", kRepeated, "DIR",
               "Directory SQL may read and write (repeatable; default: the database's directory, or the "
               "working directory for :memory:); 'all' lifts the restriction"},
    OptionSpec{"auth-token", kRepeated, "TOKEN", "Accept this bearer token (repeatable)"},
    OptionSpec{"user", kRepeated, "NAME:PASSWORD", "Accept this user (repeatable)"},
    OptionSpec{"allow-unauthenticated", kFlag, "",
               "Allow listening on a non-loopback address without --auth-token or --user"},
    OptionSpec{"tls-cert", kSingle, "FILE", "PEM certificate (chain) for TLS; needs --tls-key"},
    OptionSpec{"tls-key", kSingle, "FILE", "PEM private key for TLS; needs --tls-cert"},
    OptionSpec{"log-level", kSingle, "LEVEL", "Trace, debug, info, warn, error or off (default info)"},
    OptionSpec{"log-format", kSingle, "FORMAT", "Text or json (default text)"},
    OptionSpec{"cache-dir", kSingle, "DIR",
               "Directory of the result cache (default: DB_PATH.duckwire-cache, or a temporary directory "
               "for :memory:)"},
    OptionSpec{"cache-max-bytes", kSingle, "SIZE",
               "Size bound of the result cache, e.g. 512MiB (default 1GiB)"},
    OptionSpec{"spool-memory-bytes", kSingle, "SIZE",
               "Memory one WebSocket connection may use for results waiting to be sent; beyond it they wait "
               "in files (default 4MiB)"},
    OptionSpec{"spool-max-bytes", kSingle, "SIZE",
               "Bytes of spool files one WebSocket connection may hold; a result being produced waits while "
               "its connection's unsent results fill it, a larger result fails (default 1GiB)"},
    OptionSpec{"spool-max-total-bytes", kSingle, "SIZE",
               "Bytes of spool files the whole server may hold (default 4GiB)"},
    OptionSpec{"max-message-bytes", kSingle, "SIZE",
               "Largest accepted WebSocket message or HTTP body (default 64MiB)"},
    OptionSpec{
        "cors-origin", kRepeated, "ORIGIN",
        "Browser origin (scheme://host[:port]) allowed besides loopback pages (repeatable); '*' allows "
        "every origin"},
    OptionSpec{"allowed-host", kRepeated, "NAME",
               "Host name clients may reach the server under, besides the bound address (repeatable); '*' "
               "allows any"},
    OptionSpec{"shutdown-timeout", kSingle, "SECONDS", "Time allowed for a graceful shutdown (default 10)"},
    OptionSpec{"request-timeout", kSingle, "SECONDS",
               "Time a client has to send a whole HTTP request or TLS handshake (default 30)"},
    OptionSpec{"idle-timeout", kSingle, "SECONDS",
               "Idle time before a kept-alive HTTP connection or silent WebSocket is closed (default 60)"},
    OptionSpec{"max-running-per-connection", kSingle, "N",
               "Statements of one client connection that run at once; the rest wait their turn (default 2)"},
    OptionSpec{"max-queued-per-connection", kSingle, "N",
               "Statements of one client connection that may wait for their turn (default 256)"},
    OptionSpec{"statement-timeout", kSingle, "SECONDS",
               "Interrupt a statement that has not finished after this long, 0 for none (default 0)"},
    OptionSpec{"max-result-value-bytes", kSingle, "SIZE",
               "Largest single value a result may carry; a larger one fails the query (default 64MiB)"},
    OptionSpec{"pg-port", kSingle, "PORT",
               "PostgreSQL wire protocol port on --host, 0 to disable (default 5432)"},
    OptionSpec{"pg-auth", kSingle, "METHOD",
               "PostgreSQL authentication: trust, scram-sha-256, md5 or password (default scram-sha-256 with "
               "--user, trust without)"},
    OptionSpec{"pg-require-tls", kFlag, "", "Refuse PostgreSQL clients that do not use TLS"},
    OptionSpec{"pg-allow-cleartext-password", kFlag, "",
               "Allow --pg-auth password over connections without TLS"},
    OptionSpec{"pg-max-message-bytes", kSingle, "SIZE",
               "Largest PostgreSQL protocol message a client may send (default 1GiB minus 1 byte)"},
    OptionSpec{"pg-server-version", kSingle, "VERSION",
               "server_version reported to PostgreSQL clients (default 15.0)"},
    OptionSpec{
        "pg-allow-address", kRepeated, "CIDR",
        "Accept PostgreSQL clients only from this network, e.g. 10.0.0.0/8 (repeatable; default: any)"},
    OptionSpec{"quack-port", kSingle, "PORT",
               "DuckDB Quack protocol port on --host (ATTACH 'quack:HOST:PORT'), 0 to disable (default 9494)"},
    OptionSpec{"quack-idle-timeout", kSingle, "SECONDS",
               "Close a Quack connection unused this long, rolling back its transaction (default 300)"},
    OptionSpec{"quack-max-connections", kSingle, "N",
               "Quack connections the server holds at once; more are refused (default 256)"},
};

}  // namespace

std::span<const OptionSpec> option_specs() {
  return kOptionSpecs;
}

std::string env_var_name(std::string_view option_name) {
  std::string name = "DUCKWIRE_";
  for (const char c : option_name) {
    name += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return name;
}

}  // namespace duckwire
