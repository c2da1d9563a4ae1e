#include "backend/duckdb/duckdb_backend.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "backend/duckdb/error_kind.hpp"
#include "backend/duckdb/handles.hpp"
#include "backend/duckdb/server_sql.hpp"
#include "backend/duckdb/session.hpp"
#include "backend/duckdb/statement_policy.hpp"
#include "backend/duckdb/type_alias.hpp"
#include "util/network_range.hpp"

namespace duckwire {

namespace {

using namespace duckwire::duckdb;

bool is_plain_identifier(const std::string& name) {
  return !name.empty() &&
         std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isalnum(c) || c == '_'; });
}

// The first column of the first row a statement answers, as text.
Result<std::string> run_text_query(duckdb_connection connection, const std::string& sql) {
  QueryResult result;
  if (duckdb_query(connection, sql.c_str(), result.out()) == DuckDBError) {
    return make_error(duckdb_result_error_type(result.get()), duckdb_result_error(result.get()));
  }
  DuckString value(duckdb_value_varchar(result.get(), 0, 0));
  if (!value) return Error{ErrorKind::kInternal, "no value from: " + sql};
  return std::string(value.get());
}

// Files that setup statements create for the server alone: removed before they are made and once the
// database that uses them has closed.
class ScratchFiles {
 public:
  explicit ScratchFiles(std::vector<std::string> paths) : paths_(std::move(paths)) { remove_all(); }
  ScratchFiles(const ScratchFiles&) = delete;
  ScratchFiles& operator=(const ScratchFiles&) = delete;
  ~ScratchFiles() { remove_all(); }

 private:
  void remove_all() const {
    std::error_code ignored;
    for (const std::string& path : paths_) {
      std::filesystem::remove(path, ignored);
      std::filesystem::remove(path + ".wal", ignored);
    }
  }

  std::vector<std::string> paths_;
};

class DuckBackend final : public Backend {
 public:
  DuckBackend(std::unique_ptr<ScratchFiles> scratch, Database database, StatementPolicy policy,
              std::vector<NetworkRange> allowed_networks)
      : scratch_(std::move(scratch)),
        database_(std::move(database)),
        policy_(policy),
        allowed_networks_(std::move(allowed_networks)) {}

  Result<std::unique_ptr<Session>> connect() override {
    Connection connection;
    if (duckdb_connect(database_.get(), connection.out()) == DuckDBError) {
      return Error{ErrorKind::kInternal, "cannot open a DuckDB connection"};
    }
    return std::unique_ptr<Session>(std::make_unique<DuckSession>(std::move(connection), policy_));
  }

  Result<void> on_connect(const ClientInfo& client) override {
    if (allowed_networks_.empty()) return {};
    for (const NetworkRange& network : allowed_networks_) {
      if (network.contains(client.address)) return {};
    }
    return Error{ErrorKind::kPermission,
                 fmt::format("connections from {} are not allowed (--pg-allow-address)", client.address)};
  }
  void on_disconnect(const ClientInfo&) override {}

  std::string engine_name() const override { return "DuckDB"; }
  std::string engine_version() const override { return duckdb_engine_version(); }

  Result<void> checkpoint() override {
    Connection connection;
    if (duckdb_connect(database_.get(), connection.out()) == DuckDBError) {
      return Error{ErrorKind::kInternal, "cannot open a DuckDB connection"};
    }
    if (run_statement(connection.get(), "FORCE CHECKPOINT")) return {};
    return run_statement(connection.get(), "CHECKPOINT");
  }

  Result<void> prepare(const BackendOptions& options, std::vector<std::string>& warnings) {
    Connection connection;
    if (duckdb_connect(database_.get(), connection.out()) == DuckDBError) {
      return Error{ErrorKind::kInternal, "cannot open a DuckDB connection"};
    }
    for (const auto& extension : options.extensions) {
      if (auto loaded = load_extension(connection.get(), extension); !loaded) {
        warnings.push_back(
            fmt::format("extension {} not loaded: {}", extension.name, loaded.error().message));
      }
    }
    // Clients anywhere share one clock: TIMESTAMPTZ values convert to and from TIMESTAMP in UTC, not
    // in the server's local zone.
    if (auto utc = run_statement(connection.get(), "SET GLOBAL TimeZone = 'UTC'"); !utc) {
      warnings.push_back("time zone left as the machine's: " + utc.error().message);
    }
    // Secrets are refused to clients; the secret manager starts here, while it may still look at
    // its settings, so that listing secrets works in the sandbox.
    for (const char* statement :
         {"SET allow_persistent_secrets = false", "SELECT count(*) FROM duckdb_secrets()"}) {
      if (auto done = run_statement(connection.get(), statement); !done) return done;
    }
    if (auto set_up = run_setup(connection.get(), options); !set_up) return set_up;
    if (!options.restrict_file_access) return {};
    if (auto sandboxed = restrict_files(connection.get(), options, warnings); !sandboxed) return sandboxed;
    // Clients change settings of their own session alone.
    std::vector<std::string> settings(session_settings().begin(), session_settings().end());
    for (const std::string& statement :
         {"SET allowed_configs = " + sql_list(settings), std::string("SET lock_configuration = true")}) {
      if (auto done = run_statement(connection.get(), statement); !done) return done;
    }
    return {};
  }

 private:
  static Result<void> run_setup(duckdb_connection connection, const BackendOptions& options) {
    for (const TypeAlias& alias : options.type_aliases) {
      if (auto registered = register_type_alias(connection, alias); !registered) return registered;
    }
    for (const std::string& statement : options.setup_statements) {
      if (auto done = run_statement(connection, statement); !done) {
        return Error{done.error().kind, "setting up the database: " + done.error().message +
                                            " (in: " + statement.substr(0, 160) + ")"};
      }
    }
    return {};
  }

  static Result<void> restrict_files(duckdb_connection connection, const BackendOptions& options,
                                     std::vector<std::string>& warnings) {
    auto extensions = sandboxed_extension_directory(connection);
    if (!extensions) return extensions.error();
    // DuckDB lets SQL read and write its temporary directory whatever the sandbox allows, so in the
    // sandbox DuckDB does not spill to disk: a query that outgrows memory_limit fails instead.
    for (const std::string& statement :
         {"SET allowed_directories = " + sql_list(options.allowed_directories),
          "SET allowed_paths = " + sql_list({extensions.value()}), std::string("SET temp_directory = ''"),
          std::string("SET enable_external_access = false")}) {
      if (auto done = run_statement(connection, statement); !done) return done;
    }
    if (options.allowed_directories.empty()) warnings.push_back(options.file_access_note);
    return {};
  }

  static Result<void> load_extension(duckdb_connection connection, const ExtensionRequest& extension) {
    if (!is_plain_identifier(extension.name)) {
      return Error{ErrorKind::kInvalidInput, "not a valid extension name"};
    }
    // Built-in (statically linked) and already installed extensions load without a download.
    if (run_statement(connection, "LOAD " + extension.name)) return {};
    std::string install = "INSTALL " + extension.name;
    if (!extension.repository.empty()) {
      install +=
          " FROM " + (is_plain_identifier(extension.repository) ? extension.repository
                                                                : sql_literal(extension.repository));
    }
    if (auto installed = run_statement(connection, install); !installed) return installed;
    return run_statement(connection, "LOAD " + extension.name);
  }

  // duckdb_extensions() lists the platform's directory under extension_directory, which the sandbox
  // would refuse. Once the requested extensions are loaded, the extension directory moves under
  // DuckDB's temporary directory path (the server's, closed to SQL), where it does not exist: the
  // one path allowed is that missing directory, so listing works and nothing can be installed there.
  static Result<std::string> sandboxed_extension_directory(duckdb_connection connection) {
    auto temp = run_text_query(connection, "SELECT current_setting('temp_directory')");
    if (!temp) return temp.error();
    auto platform = run_text_query(connection, "PRAGMA platform");
    if (!platform) return platform.error();
    const std::filesystem::path root = std::filesystem::absolute(temp.value()) / "extensions";
    if (auto moved =
            run_statement(connection, "SET extension_directory = " + sql_literal(root.string()));
        !moved) {
      return moved.error();
    }
    return (root / duckdb_library_version() / platform.value()).string();
  }

  std::unique_ptr<ScratchFiles> scratch_;  // declared first: removed after the database closes
  Database database_;
  StatementPolicy policy_;
  std::vector<NetworkRange> allowed_networks_;
};

}  // namespace

std::string duckdb_engine_version() {
  return duckdb_library_version();
}

Result<std::unique_ptr<Backend>> open_duckdb_backend(const BackendOptions& options,
                                                     std::vector<std::string>& warnings) {
  duckdb::Config config;
  if (duckdb_create_config(config.out()) == DuckDBError) {
    return Error{ErrorKind::kInternal, "cannot create a DuckDB configuration"};
  }
  if (options.read_only) duckdb_set_config(config.get(), "access_mode", "READ_ONLY");
  if (options.threads) duckdb_set_config(config.get(), "threads", std::to_string(*options.threads).c_str());
  if (!options.temp_directory.empty())
    duckdb_set_config(config.get(), "temp_directory", options.temp_directory.c_str());
  duckdb_set_config(config.get(), "custom_user_agent", "duckwire");

  auto scratch = std::make_unique<ScratchFiles>(options.scratch_files);
  Database database;
  char* open_error = nullptr;
  if (duckdb_open_ext(options.path.c_str(), database.out(), config.get(), &open_error) == DuckDBError) {
    DuckString owned(open_error);
    return Error{ErrorKind::kIo, owned ? owned.get() : "cannot open the database"};
  }
  std::vector<NetworkRange> allowed_networks;
  for (const std::string& text : options.allowed_client_networks) {
    auto network = NetworkRange::parse(text);
    if (!network)
      return Error{ErrorKind::kInvalidInput, fmt::format("{} is not an address or network", text)};
    allowed_networks.push_back(*network);
  }
  auto backend =
      std::make_unique<DuckBackend>(std::move(scratch), std::move(database),
                                    StatementPolicy{options.read_only}, std::move(allowed_networks));
  if (auto prepared = backend->prepare(options, warnings); !prepared) return prepared.error();
  return std::unique_ptr<Backend>(std::move(backend));
}

}  // namespace duckwire
