#pragma once
// The server's configuration, read from the command line and DUCKWIRE_* environment variables.

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backend/backend.hpp"
#include "core/auth.hpp"
#include "util/logging.hpp"

namespace duckwire {

struct TlsFiles {
  std::string cert_path;  // PEM certificate (chain)
  std::string key_path;   // PEM private key, matching the certificate
};

struct Config {
  std::string db_path = ":memory:";
  std::string host = "127.0.0.1";  // IPv6 without brackets
  uint16_t port = 4000;            // 0: any free port
  std::optional<int> threads;
  std::optional<size_t> workers;  // the worker pool (core/worker_pool.hpp); unset: 16 or 4 per core
  bool read_only = false;
  std::vector<ExtensionRequest> extensions;
  bool unrestricted_file_access = false;      // --file-access all
  std::vector<std::string> file_access_dirs;  // canonical absolute paths; empty: the default
  std::vector<std::string> auth_tokens;
  std::vector<UserCredential> users;  // clear passwords: hand them to Authenticator, which wipes them
  bool allow_unauthenticated = false;
  std::optional<TlsFiles> tls;
  LogLevel log_level = LogLevel::kInfo;
  LogFormat log_format = LogFormat::kText;
  std::optional<std::string> cache_dir;
  uint64_t cache_max_bytes = uint64_t{1} << 30;
  uint64_t spool_memory_bytes = uint64_t{4} << 20;     // per WebSocket connection
  uint64_t spool_max_bytes = uint64_t{1} << 30;        // spool files of one WebSocket connection
  uint64_t spool_max_total_bytes = uint64_t{4} << 30;  // spool files of the server
  uint64_t max_message_bytes = uint64_t{64} << 20;
  std::vector<std::string> cors_origins;   // besides loopback pages; "*" for every origin
  std::vector<std::string> allowed_hosts;  // Host names besides the bound ones; "*" for any
  std::chrono::milliseconds shutdown_timeout{10'000};
  std::chrono::milliseconds request_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};
  // Admission and statement limits (core/admission.hpp); zero timeout: none.
  size_t max_running_per_connection = 2;
  size_t max_queued_per_connection = 256;
  std::chrono::milliseconds statement_timeout{0};
  uint64_t max_result_value_bytes = uint64_t{64} << 20;  // larger single values fail the query
  // The PostgreSQL front door (src/protocols/pgwire).
  uint16_t pg_port = 5432;     // 0: no PostgreSQL listener
  bool pg_port_given = false;  // a busy default port is a warning, a busy chosen one an error
  std::string pg_auth;         // trust, scram-sha-256, md5, password; empty: the default
  bool pg_require_tls = false;
  bool pg_allow_cleartext_password = false;
  uint64_t pg_max_message_bytes = (uint64_t{1} << 30) - 1;  // PostgreSQL's own bound
  std::string pg_server_version = "15.0";
  std::vector<std::string> pg_allow_addresses;  // CIDR networks; empty: any address
  // The Quack front door (src/protocols/quack).
  uint16_t quack_port = 9494;     // 0: no Quack listener
  bool quack_port_given = false;  // as pg_port_given
  std::chrono::milliseconds quack_idle_timeout{300'000};  // a Quack connection unused this long is closed
  size_t quack_max_connections = 256;
  // Set by programs that embed the server (the Python module), not by flags.
  bool http_enabled = true;         // false: no HTTP listener
  bool pg_port_ephemeral = false;   // listen for PostgreSQL on any free port (pg_port ignored)

  bool pg_listens() const { return pg_port != 0 || pg_port_ephemeral; }
};

struct ParseOutcome {
  std::optional<Config> config;  // set when the server should start
  int exit_code = 0;
  // Without config: help or version text (exit 0, for stdout) or a one-line error naming the flag
  // (exit 2, for stderr). No trailing newline.
  std::string message;
};

using GetEnv = std::function<const char*(const char*)>;

ParseOutcome parse_command_line(int argc, const char* const argv[], std::string_view version_text,
                                const GetEnv& getenv = ::getenv);

// Builds an Authenticator from the tokens and users, then clears config.users (wiping passwords).
Authenticator make_authenticator(Config& config);

// Allowed directories default to the working directory for :memory:, or the database file's
// directory, unless that directory holds a file the server owns (see server_files.hpp): then SQL
// has no file access, and file_access_note says so. `--file-access all` lifts the restriction.
BackendOptions backend_options(const Config& config);

}  // namespace duckwire
