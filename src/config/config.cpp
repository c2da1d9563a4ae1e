#include "config/config.hpp"

#include <cctype>
#include <filesystem>
#include <set>
#include <utility>

#include "config/host.hpp"
#include "config/options.hpp"
#include "config/server_files.hpp"
#include "config/tls_files.hpp"
#include "config/value_parsers.hpp"
#include "util/network_range.hpp"

namespace duckwire {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kInMemory = ":memory:";

// Reads options by name and prefixes every error with the origin of the offending value.
class OptionReader {
 public:
  explicit OptionReader(const OptionValues& options) : options_(options) {}

  const OptionValue* find(std::string_view name) const {
    const auto found = options_.find(name);
    return found == options_.end() ? nullptr : &found->second;
  }
  // The value of a single-valued option (the last one given).
  const std::string* last(std::string_view name) const {
    const OptionValue* option = find(name);
    return option == nullptr || option->values.empty() ? nullptr : &option->values.back();
  }
  std::string origin(std::string_view name) const {
    const OptionValue* option = find(name);
    return option != nullptr ? option->origin : "--" + std::string(name);
  }
  Error error(std::string_view name, const std::string& problem) const {
    return Error{ErrorKind::kInvalidInput, origin(name) + ": " + problem};
  }
  Error error(std::string_view name, const Error& cause) const { return error(name, cause.message); }
  // Sets `target` from a size option (e.g. 512MiB) when it was given.
  Result<void> byte_size(std::string_view name, uint64_t& target) const {
    const std::string* text = last(name);
    if (text == nullptr) return {};
    Result<uint64_t> bytes = parse_byte_size(*text);
    if (!bytes) return error(name, bytes.error());
    target = *bytes;
    return {};
  }

 private:
  const OptionValues& options_;
};

std::string in_quotes(std::string_view text) {
  return "'" + std::string(text) + "'";
}

bool has_control_character(std::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  }
  return false;
}

Result<void> read_database(const OptionReader& options, Config& config) {
  if (const OptionValue* flag = options.find("read-only")) {
    Result<bool> read_only = parse_bool(flag->values.back());
    if (!read_only) return options.error("read-only", read_only.error());
    config.read_only = *read_only;
  }
  if (const std::string* path = options.last("db-path")) config.db_path = *path;
  if (config.db_path.empty())
    return options.error("db-path", "empty path (use :memory: for an in-memory database)");
  if (config.db_path == kInMemory) {
    if (config.read_only) return options.error("read-only", "an in-memory database cannot be read-only");
  } else {
    const fs::path path(config.db_path);
    const fs::path directory = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    std::error_code ignored;
    if (!fs::is_directory(directory, ignored)) {
      return options.error("db-path", "directory " + in_quotes(directory.string()) + " does not exist");
    }
    if (fs::is_directory(path, ignored))
      return options.error("db-path", in_quotes(config.db_path) + " is a directory");
    if (config.read_only && !fs::exists(path, ignored)) {
      return options.error("db-path",
                           in_quotes(config.db_path) + " does not exist (--read-only needs a database)");
    }
  }
  if (const std::string* threads = options.last("threads")) {
    Result<int64_t> count = parse_integer_in_range(*threads, 1, 4096);
    if (!count) return options.error("threads", count.error());
    config.threads = static_cast<int>(*count);
  }
  if (const std::string* workers = options.last("workers")) {
    // A quarter of the workers never run statements (core/server.cpp): four leaves one of those.
    Result<int64_t> count = parse_integer_in_range(*workers, 4, 4096);
    if (!count) return options.error("workers", count.error());
    config.workers = static_cast<size_t>(*count);
  }
  if (const OptionValue* extensions = options.find("extensions")) {
    for (const std::string& list : extensions->values) {
      Result<std::vector<ExtensionRequest>> parsed = parse_extensions(list);
      if (!parsed) return options.error("extensions", parsed.error());
      config.extensions.insert(config.extensions.end(), parsed->begin(), parsed->end());
    }
  }
  return {};
}

Result<void> read_file_access(const OptionReader& options, Config& config) {
  const OptionValue* file_access = options.find("file-access");
  if (file_access == nullptr) return {};
  for (const std::string& directory : file_access->values) {
    if (directory == "all") {
      config.unrestricted_file_access = true;
      continue;
    }
    std::error_code error;
    if (directory.empty() || !fs::is_directory(directory, error)) {
      return options.error("file-access", in_quotes(directory) + " is not an existing directory");
    }
    const fs::path canonical = fs::canonical(directory, error);
    if (error) return options.error("file-access", in_quotes(directory) + ": " + error.message());
    config.file_access_dirs.push_back(canonical.string());
  }
  if (config.unrestricted_file_access && !config.file_access_dirs.empty()) {
    return options.error("file-access", "'all' cannot be combined with directories");
  }
  return {};
}

// "scheme://host[:port]", as a browser sends it in Origin, or "*".
bool is_origin(std::string_view text) {
  if (text == "*") return true;
  const size_t separator = text.find("://");
  if (separator == std::string_view::npos || separator == 0) return false;
  const std::string_view authority = text.substr(separator + 3);
  return !authority.empty() && authority.find_first_of("/?#@ \t") == std::string_view::npos;
}

bool is_host_name(std::string_view text) {
  return !text.empty() && text.find_first_of("/?#@ \t,") == std::string_view::npos;
}

Result<void> read_browser_access(const OptionReader& options, Config& config) {
  if (const OptionValue* origins = options.find("cors-origin")) {
    for (const std::string& origin : origins->values) {
      if (has_control_character(origin))
        return options.error("cors-origin", "must not contain control characters");
      if (!is_origin(origin))
        return options.error("cors-origin",
                             in_quotes(origin) + " is not an origin like https://app.example or *");
      config.cors_origins.push_back(origin);
    }
  }
  if (const OptionValue* hosts = options.find("allowed-host")) {
    for (const std::string& host : hosts->values) {
      if (has_control_character(host))
        return options.error("allowed-host", "must not contain control characters");
      if (!is_host_name(host)) return options.error("allowed-host", in_quotes(host) + " is not a host name");
      config.allowed_hosts.push_back(host);
    }
  }
  return {};
}

Result<void> read_network(const OptionReader& options, Config& config) {
  if (const std::string* host = options.last("host")) {
    config.host = strip_ipv6_brackets(*host);
    if (config.host.empty() || config.host.find_first_of(" \t") != std::string::npos ||
        has_control_character(config.host)) {
      return options.error("host", in_quotes(*host) + " is not a host name or address");
    }
  }
  if (const std::string* port = options.last("port")) {
    Result<int64_t> number = parse_integer_in_range(*port, 0, 65535);
    if (!number) {
      return options.error("port", number.error().message.find(" is not in ") == std::string::npos
                                       ? number.error().message
                                       : *port + " is not in 1..65535 (or 0 for any free port)");
    }
    config.port = static_cast<uint16_t>(*number);
  }
  const std::string* cert = options.last("tls-cert");
  const std::string* key = options.last("tls-key");
  if ((cert == nullptr) != (key == nullptr)) {
    return cert == nullptr ? options.error("tls-key", "needs --tls-cert as well")
                           : options.error("tls-cert", "needs --tls-key as well");
  }
  if (cert != nullptr) {
    if (Result<void> checked = check_tls_files(*cert, *key); !checked) {
      const std::string& message = checked.error().message;
      const std::string flag = message.starts_with("--tls-key") ? "tls-key" : "tls-cert";
      return options.error(flag, message.substr(message.find(": ") + 2));
    }
    config.tls = TlsFiles{*cert, *key};
  }
  if (Result<void> origins = read_browser_access(options, config); !origins) return origins;
  if (const std::string* size = options.last("max-message-bytes")) {
    Result<uint64_t> bytes = parse_byte_size(*size);
    if (!bytes) return options.error("max-message-bytes", bytes.error());
    if (*bytes == 0) return options.error("max-message-bytes", "must be at least 1");
    config.max_message_bytes = *bytes;
  }
  for (auto [name, field] : {std::pair{"shutdown-timeout", &config.shutdown_timeout},
                             std::pair{"request-timeout", &config.request_timeout},
                             std::pair{"idle-timeout", &config.idle_timeout}}) {
    if (const std::string* timeout = options.last(name)) {
      Result<std::chrono::milliseconds> duration = parse_seconds(*timeout);
      if (!duration) return options.error(name, duration.error());
      *field = *duration;
    }
  }
  return {};
}

Result<void> read_auth(const OptionReader& options, Config& config) {
  if (const OptionValue* tokens = options.find("auth-token")) {
    for (const std::string& text : tokens->values) {
      Result<std::string> token = parse_token(text);
      if (!token) return options.error("auth-token", token.error());
      config.auth_tokens.push_back(std::move(token).value());
    }
  }
  if (const OptionValue* users = options.find("user")) {
    std::set<std::string, std::less<>> names;
    for (const std::string& text : users->values) {
      Result<UserCredential> user = parse_user(text);
      if (!user) return options.error("user", user.error());
      if (!names.insert(user->name).second)
        return options.error("user", in_quotes(user->name) + " is given twice");
      config.users.push_back(std::move(user).value());
    }
  }
  if (const OptionValue* flag = options.find("allow-unauthenticated")) {
    Result<bool> allow = parse_bool(flag->values.back());
    if (!allow) return options.error("allow-unauthenticated", allow.error());
    config.allow_unauthenticated = *allow;
  }
  const bool has_credentials = !config.auth_tokens.empty() || !config.users.empty();
  if (!is_loopback_host(config.host) && !has_credentials && !config.allow_unauthenticated) {
    return options.error("host", "refusing to listen on " + config.host +
                                     " without authentication: give --auth-token or --user, or "
                                     "--allow-unauthenticated to accept the risk");
  }
  return {};
}

Result<void> read_logging_and_cache(const OptionReader& options, Config& config) {
  if (const std::string* level = options.last("log-level")) {
    std::optional<LogLevel> parsed = parse_log_level(*level);
    if (!parsed)
      return options.error("log-level",
                           in_quotes(*level) + " is not one of trace, debug, info, warn, error, off");
    config.log_level = *parsed;
  }
  if (const std::string* format = options.last("log-format")) {
    std::optional<LogFormat> parsed = parse_log_format(*format);
    if (!parsed) return options.error("log-format", in_quotes(*format) + " is not one of text, json");
    config.log_format = *parsed;
  }
  if (const std::string* directory = options.last("cache-dir")) {
    std::error_code ignored;
    if (directory->empty() || (fs::exists(*directory, ignored) && !fs::is_directory(*directory, ignored))) {
      return options.error("cache-dir", in_quotes(*directory) + " is not a directory");
    }
    config.cache_dir = *directory;
  }
  for (auto [name, field] : {std::pair{"cache-max-bytes", &config.cache_max_bytes},
                             std::pair{"spool-memory-bytes", &config.spool_memory_bytes},
                             std::pair{"spool-max-bytes", &config.spool_max_bytes},
                             std::pair{"spool-max-total-bytes", &config.spool_max_total_bytes}}) {
    if (Result<void> read = options.byte_size(name, *field); !read) return read;
  }
  return {};
}

Result<void> read_query_limits(const OptionReader& options, Config& config) {
  for (auto [name, field] : {std::pair{"max-running-per-connection", &config.max_running_per_connection},
                             std::pair{"max-queued-per-connection", &config.max_queued_per_connection}}) {
    if (const std::string* count = options.last(name)) {
      Result<int64_t> number = parse_integer_in_range(*count, 1, 1'000'000);
      if (!number) return options.error(name, number.error());
      *field = static_cast<size_t>(*number);
    }
  }
  if (const std::string* timeout = options.last("statement-timeout")) {
    Result<std::chrono::milliseconds> duration = parse_seconds(*timeout);
    if (!duration) return options.error("statement-timeout", duration.error());
    config.statement_timeout = *duration;
  }
  if (const std::string* size = options.last("max-result-value-bytes")) {
    Result<uint64_t> bytes = parse_byte_size(*size);
    if (!bytes) return options.error("max-result-value-bytes", bytes.error());
    if (*bytes == 0) return options.error("max-result-value-bytes", "must be at least 1");
    config.max_result_value_bytes = *bytes;
  }
  return {};
}

Result<void> read_flag(const OptionReader& options, std::string_view name, bool& target) {
  const OptionValue* flag = options.find(name);
  if (flag == nullptr) return {};
  Result<bool> value = parse_bool(flag->values.back());
  if (!value) return options.error(name, value.error());
  target = *value;
  return {};
}

Result<void> read_postgres(const OptionReader& options, Config& config) {
  if (const std::string* port = options.last("pg-port")) {
    Result<int64_t> number = parse_integer_in_range(*port, 0, 65535);
    if (!number) return options.error("pg-port", number.error());
    config.pg_port = static_cast<uint16_t>(*number);
    config.pg_port_given = true;
  }
  if (const std::string* method = options.last("pg-auth")) {
    if (*method != "trust" && *method != "scram-sha-256" && *method != "md5" && *method != "password") {
      return options.error("pg-auth",
                           in_quotes(*method) + " is not one of trust, scram-sha-256, md5, password");
    }
    config.pg_auth = *method;
  }
  for (auto [name, field] : {std::pair{"pg-require-tls", &config.pg_require_tls},
                             std::pair{"pg-allow-cleartext-password", &config.pg_allow_cleartext_password}}) {
    if (Result<void> read = read_flag(options, name, *field); !read) return read;
  }
  if (config.pg_require_tls && !config.tls)
    return options.error("pg-require-tls", "needs --tls-cert and --tls-key");
  if (Result<void> read = options.byte_size("pg-max-message-bytes", config.pg_max_message_bytes); !read)
    return read;
  if (config.pg_max_message_bytes < 1024 || config.pg_max_message_bytes > (uint64_t{1} << 30) - 1) {
    return options.error("pg-max-message-bytes", "must be between 1KiB and 1GiB minus 1 byte");
  }
  if (const std::string* version = options.last("pg-server-version")) {
    const bool numeric = !version->empty() && std::isdigit(static_cast<unsigned char>((*version)[0])) &&
                         !has_control_character(*version);
    if (!numeric)
      return options.error("pg-server-version", in_quotes(*version) + " does not start with a number");
    config.pg_server_version = *version;
  }
  if (const OptionValue* networks = options.find("pg-allow-address")) {
    for (const std::string& network : networks->values) {
      if (!NetworkRange::parse(network)) {
        return options.error("pg-allow-address", in_quotes(network) + " is not an address or CIDR network");
      }
      config.pg_allow_addresses.push_back(network);
    }
  }
  return {};
}

Result<void> read_quack(const OptionReader& options, Config& config) {
  if (const std::string* port = options.last("quack-port")) {
    Result<int64_t> number = parse_integer_in_range(*port, 0, 65535);
    if (!number) return options.error("quack-port", number.error());
    config.quack_port = static_cast<uint16_t>(*number);
    config.quack_port_given = true;
  }
  if (const std::string* timeout = options.last("quack-idle-timeout")) {
    Result<std::chrono::milliseconds> duration = parse_seconds(*timeout);
    if (!duration) return options.error("quack-idle-timeout", duration.error());
    if (duration->count() == 0) return options.error("quack-idle-timeout", "must be more than 0");
    config.quack_idle_timeout = *duration;
  }
  if (const std::string* count = options.last("quack-max-connections")) {
    Result<int64_t> number = parse_integer_in_range(*count, 1, 1'000'000);
    if (!number) return options.error("quack-max-connections", number.error());
    config.quack_max_connections = static_cast<size_t>(*number);
  }
  return {};
}

// An explicit --file-access directory must neither hold a file the server owns nor lie inside one.
Result<void> check_file_access(const OptionReader& options, Config& config) {
  for (const std::string& directory : config.file_access_dirs) {
    for (const std::string& owned : server_owned_paths(config)) {
      if (path_within(owned, directory) || path_within(directory, owned)) {
        return options.error("file-access", in_quotes(directory) + " would let SQL reach " +
                                                in_quotes(owned) +
                                                ", which the server owns (database, WAL, temporary, cache or "
                                                "TLS files): give a directory apart from them");
      }
    }
  }
  return {};
}

// The directory SQL may use when --file-access is not given: the working directory for :memory:,
// the database's directory for a file database, either only when it holds none of the server's
// files. Otherwise the note says why there is none.
std::optional<std::string> default_file_access(const Config& config, std::string& note) {
  const fs::path candidate =
      config.db_path == kInMemory ? fs::current_path() : fs::absolute(config.db_path).parent_path();
  std::error_code error;
  const fs::path canonical = fs::weakly_canonical(candidate, error);
  const std::string directory = (error ? candidate : canonical).string();
  for (const std::string& owned : server_owned_paths(config)) {
    if (!path_within(owned, directory)) continue;
    note = "SQL has no file access: the default directory " + in_quotes(directory) + " holds the server's " +
           in_quotes(owned) + "; give --file-access DIR to allow a directory apart from the server's files";
    return std::nullopt;
  }
  return directory;
}

}  // namespace

Result<Config> config_from_options(const OptionValues& values) {
  const OptionReader options(values);
  Config config;
  for (const auto step : {read_database, read_file_access, read_network, read_logging_and_cache,
                          check_file_access, read_auth, read_query_limits, read_postgres,
                          read_quack}) {
    if (Result<void> done = step(options, config); !done) return done.error();
  }
  return config;
}

Authenticator make_authenticator(Config& config) {
  Authenticator authenticator(config.auth_tokens, std::move(config.users));
  config.users.clear();
  return authenticator;
}

BackendOptions backend_options(const Config& config) {
  BackendOptions options;
  options.path = config.db_path;
  options.read_only = config.read_only;
  options.threads = config.threads;
  options.extensions = config.extensions;
  options.temp_directory = duckdb_temp_directory(config);
  options.allowed_client_networks = config.pg_allow_addresses;
  options.restrict_file_access = !config.unrestricted_file_access;
  if (!options.restrict_file_access) return options;
  if (!config.file_access_dirs.empty()) {
    options.allowed_directories = config.file_access_dirs;
  } else if (auto directory = default_file_access(config, options.file_access_note)) {
    options.allowed_directories = {*directory};
  }
  return options;
}

}  // namespace duckwire
