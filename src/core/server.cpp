#include "core/server.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <thread>

#include "backend/duckdb/duckdb_backend.hpp"
#include "backend/duckdb/parquet_writer.hpp"
#include "config/server_files.hpp"
#include "core/event_backlog.hpp"
#include "core/result_spool.hpp"
#include "core/scheduler.hpp"
#include "core/server_context.hpp"
#include "http/console_routes.hpp"
#include "http/health_routes.hpp"
#include "http/listener.hpp"
#include "http/tls_context.hpp"
#include "protocols/jsonrpc/routes.hpp"
#include "protocols/stream/routes.hpp"
#include "protocols/pgwire/catalog/catalog_setup.hpp"
#include "protocols/pgwire/pg_listener.hpp"
#include "protocols/quack/quack_listener.hpp"
#include "protocols/sqlrooms/result_cache.hpp"
#include "protocols/sqlrooms/routes.hpp"
#include "protocols/stream/event_stream.hpp"
#include "protocols/stream/schedule_routes.hpp"

namespace duckwire {

namespace asio = boost::asio;

namespace {

constexpr size_t kIoThreads = 2;
constexpr size_t kIdleSessions = 16;

size_t worker_count(const Config& config) {
  return config.workers.value_or(std::max<size_t>(16, 4 * std::thread::hardware_concurrency()));
}

// A quarter of the workers never run statements, so fetching and encoding results, uploads and
// session clean-up always find a worker even when every admitted statement runs long.
AdmissionLimits admission_limits(const Config& config, size_t workers) {
  AdmissionLimits limits;
  limits.running_total = workers - workers / 4;
  limits.running_per_owner = std::min(config.max_running_per_connection, limits.running_total);
  limits.queued_per_owner = config.max_queued_per_connection;
  return limits;
}

// The I/O loops: one io_context per thread, connections spread over them round-robin. A connection's
// completions (worker results included) always resume on its own thread, without cross-thread wakes.
class IoRuntime {
 public:
  IoRuntime() {
    for (size_t i = 0; i < kIoThreads; ++i) contexts_.push_back(std::make_unique<asio::io_context>(1));
  }
  asio::io_context& main() { return *contexts_.front(); }
  asio::io_context& next() { return *contexts_[next_++ % contexts_.size()]; }
  void start() {
    for (auto& context : contexts_) {
      guards_.emplace_back(asio::make_work_guard(*context));
      threads_.emplace_back([&context] { context->run(); });
    }
  }
  void stop() {
    for (auto& context : contexts_) context->stop();
  }
  void join() {
    for (auto& thread : threads_) thread.join();
    threads_.clear();
    guards_.clear();
  }
  // Destroys the stopped loops: every connection's coroutine ends and drops what it held.
  void destroy() { contexts_.clear(); }

 private:
  std::vector<std::unique_ptr<asio::io_context>> contexts_;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards_;
  std::vector<std::thread> threads_;
  std::atomic<size_t> next_{0};
};

// Interrupts running queries, waits for them within the shutdown budget, and stops the I/O loop.
// Stopping the I/O loops also stops accepting (the listener goes with them).
void drain(ActiveQueries& active, ConnectionRegistry& connections, std::atomic<bool>& ready,
           IoRuntime& runtime, std::chrono::milliseconds budget) {
  const auto deadline = std::chrono::steady_clock::now() + budget * 7 / 10;
  active.close_and_interrupt();
  ready = false;  // again: start-up may have set it between the signal and now
  if (!active.wait_until_idle(deadline)) {
    spdlog::warn("shutdown: {} queries still running at the deadline", active.running());
  }
  connections.close_all();
  // Let the interrupted queries' error replies and the goodbyes reach their clients.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  runtime.stop();
}

http::Handler not_ready_handler() {
  return [](http::HttpExchange& exchange) -> asio::awaitable<void> {
    co_await exchange.respond(http::HttpResponse::text(503, "not ready"));
  };
}

// A listener of a front door that cannot listen. A busy default port is only a warning (another server
// may own it) and the door stays closed (""); a port chosen with the flag that cannot be used is an
// error, as a busy --port is: the server does not start without it.
Result<std::string> not_listening(const Error& error, bool port_chosen, std::string_view door,
                                  std::string_view flag) {
  if (port_chosen) return Error{error.kind, fmt::format("{} listener ({}): {}", door, flag, error.message)};
  spdlog::warn("{} listener not started: {} (choose one with {}, or 0 for none)", door, error.message, flag);
  return std::string();
}

// Listens for PostgreSQL clients on --pg-port: "host:port", or empty when it does not listen.
Result<std::string> start_pg_listener(const Config& config, const ServerContext& server, IoRuntime& runtime,
                                      std::optional<pgwire::PgListener>& pg_listener) {
  if (!config.pg_listens()) return std::string();
  std::shared_ptr<asio::ssl::context> tls;
  if (config.tls) {
    // A context of its own: the PostgreSQL ALPN must not reach the HTTP listener's.
    auto made = http::make_server_tls_context(config.tls->cert_path, config.tls->key_path);
    if (!made) return Error{made.error().kind, "PostgreSQL listener: " + made.error().message};
    tls = made.value();
  }
  pg_listener.emplace(
      runtime.main(), [&runtime]() -> asio::io_context& { return runtime.next(); }, server,
      pgwire::pg_options(config, server.auth.has_users(), std::move(tls)));
  if (auto listening = pg_listener->open(config.host, config.pg_port_ephemeral ? 0 : config.pg_port);
      !listening) {
    pg_listener.reset();
    return not_listening(listening.error(), config.pg_port_given || config.pg_port_ephemeral, "PostgreSQL",
                         "--pg-port");
  }
  pg_listener->start();
  return fmt::format("{}:{}", config.host, pg_listener->port());
}

// Listens for DuckDB's Quack clients on --quack-port, as start_pg_listener does for PostgreSQL.
Result<std::string> start_quack_listener(const Config& config, const ServerContext& server, IoRuntime& runtime,
                                         std::optional<quack::QuackListener>& quack_listener) {
  if (config.quack_port == 0) return std::string();
  std::shared_ptr<asio::ssl::context> tls;
  if (config.tls) {
    auto made = http::make_server_tls_context(config.tls->cert_path, config.tls->key_path);
    if (!made) return Error{made.error().kind, "Quack listener: " + made.error().message};
    tls = made.value();
  }
  quack_listener.emplace(
      runtime.main(), [&runtime]() -> asio::io_context& { return runtime.next(); }, server, std::move(tls));
  if (auto listening = quack_listener->open(config.host, config.quack_port); !listening) {
    quack_listener.reset();
    return not_listening(listening.error(), config.quack_port_given, "Quack", "--quack-port");
  }
  quack_listener->start();
  return fmt::format("{}:{}", config.host, quack_listener->port());
}

}  // namespace

int run_server(Config config, const ServerEmbedding& embedding) {
  configure_logging(config.log_level, config.log_format);

  std::shared_ptr<asio::ssl::context> tls;
  if (config.tls) {
    auto made = http::make_server_tls_context(config.tls->cert_path, config.tls->key_path);
    if (!made) {
      spdlog::error("{}", made.error().message);
      return 2;
    }
    tls = made.value();
  }

  std::vector<std::string> user_names;
  for (const UserCredential& user : config.users) user_names.push_back(user.name);
  const Authenticator auth = make_authenticator(config);
  Metrics metrics;
  PubSub pubsub;
  ServerEvents events(auth.enabled());
  // Event ids start at the start time in microseconds, so they grow across restarts too.
  const auto event_backlog = EventBacklog::attach(
      events, static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count()));
  ConnectionRegistry connections;
  ActiveQueries active;
  std::atomic<bool> ready{false};
  const http::HealthState health{ready, metrics, duckdb_engine_version()};
  const http::OriginPolicy origins({config.host, config.allowed_hosts, config.cors_origins});

  // Until the database is open only the health routes answer; everything else is 503.
  http::Router startup_router;
  http::add_health_routes(startup_router, health);
  startup_router.set_fallback(not_ready_handler());
  std::atomic<const http::Router*> router{&startup_router};

  IoRuntime runtime;
  http::HttpLimits limits;
  limits.body_bytes = config.max_message_bytes;
  limits.request_timeout = config.request_timeout;
  limits.idle_timeout = config.idle_timeout;
  // Both are bound to an I/O context: they go before the contexts do (see stop_network).
  std::optional<http::HttpListener> listener;
  std::optional<pgwire::PgListener> pg_listener;
  std::optional<quack::QuackListener> quack_listener;
  std::optional<asio::signal_set> signals;
  std::string address;
  if (config.http_enabled) {
    listener.emplace(
        runtime.main(), [&runtime]() -> asio::io_context& { return runtime.next(); }, tls,
        http::ConnectionContext{router, limits, metrics, origins});
    if (auto listening = listener->open(config.host, config.port); !listening) {
      spdlog::error("{}", listening.error().message);
      return 1;
    }
    address = fmt::format("{}://{}:{}", tls ? "https" : "http", config.host, listener->port());
    listener->start();
  }

  BackendOptions options = backend_options(config);
  remove_stale_server_files(std::filesystem::temp_directory_path().string());
  if (config.pg_listens()) {
    pgwire::add_catalog_setup(options, {pg_catalog_file(config), config.pg_server_version, user_names});
  }
  options.setup_statements.insert(options.setup_statements.end(), embedding.setup_statements.begin(),
                                  embedding.setup_statements.end());
  auto result_cache = sqlrooms::make_result_cache(config);
  const std::string temporary_cache = result_cache->temporary_directory();
  std::thread shutdown_thread;
  auto begin_shutdown = [&] {
    if (shutdown_thread.joinable()) return;
    ready = false;
    shutdown_thread = std::thread(drain, std::ref(active), std::ref(connections), std::ref(ready),
                                  std::ref(runtime), config.shutdown_timeout);
  };
  if (embedding.stopper) {
    embedding.stopper->attach([&runtime, &begin_shutdown] {
      asio::post(runtime.main(), [&begin_shutdown] { begin_shutdown(); });
    });
  } else {
    signals.emplace(runtime.main(), SIGINT, SIGTERM);
  }
  if (signals) signals->async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    spdlog::info("received signal {}: shutting down", signal);
    ready = false;
    // A second signal ends the process at once; the server's scratch files go first.
    signals->async_wait([&options, &temporary_cache](const boost::system::error_code& second, int) {
      if (second) return;
      std::error_code ignored;
      for (const std::string& path : options.scratch_files) {
        std::filesystem::remove(path, ignored);
        std::filesystem::remove(path + ".wal", ignored);
      }
      if (!temporary_cache.empty()) std::filesystem::remove_all(temporary_cache, ignored);
      std::_Exit(1);
    });
    begin_shutdown();
  });
  // Waits for the I/O threads to end, then tears the network down in order: what is bound to a
  // context first, then the contexts, whose destruction ends every connection.
  auto stop_network = [&] {
    runtime.join();
    if (embedding.stopper) embedding.stopper->reset();
    if (shutdown_thread.joinable()) shutdown_thread.join();
    signals.reset();
    pg_listener.reset();
    quack_listener.reset();
    listener.reset();
    runtime.destroy();
  };
  runtime.start();
  spdlog::info("duckwire starting: http={} opening database {}", address, config.db_path);

  std::vector<std::string> warnings;
  auto opened = open_duckdb_backend(options, warnings);
  for (const auto& warning : warnings) spdlog::warn("{}", warning);
  if (!opened) {
    spdlog::error("cannot open database {}: {}", config.db_path, opened.error().message);
    runtime.stop();
    stop_network();
    return 1;
  }
  std::unique_ptr<Backend> backend = std::move(opened).value();
  if (embedding.wrap_backend) {
    auto wrapped = embedding.wrap_backend(std::move(backend));
    if (!wrapped) {
      spdlog::error("cannot start the backend: {}", wrapped.error().message);
      runtime.stop();
      stop_network();
      return 1;
    }
    backend = std::move(wrapped).value();
  }
  SessionPool sessions(*backend, kIdleSessions);
  int exit_code = 0;
  if (auto spool = prepare_spool_directory(config); !spool) spdlog::warn("{}", spool.error().message);
  auto file_writer = open_parquet_writer(std::filesystem::absolute(spool_directory(config)).string());
  if (!file_writer) {
    spdlog::error("{}", file_writer.error().message);
    runtime.stop();
    stop_network();
    return 1;
  }
  {
    // Jobs still held by the workers' last tasks leave their admission place when the pool ends.
    Admission admission(admission_limits(config, worker_count(config)), metrics);
    StatementTimer statement_timer;
    WorkerPool workers(worker_count(config));
    CredentialChecker credentials(auth, workers);
    SpoolFileTotal spool_files(config.spool_max_total_bytes, metrics);
    ServerContext server{config,      *backend,  workers,         sessions,    active,
                         auth,        metrics,   pubsub,          connections, ready,
                         credentials, admission, statement_timer, spool_files, events,
                         **file_writer};
    auto scheduler = std::make_shared<Scheduler>(server, runtime.main().get_executor());
    scheduler->start();
    connections.add(scheduler);
    http::Router full_router;
    http::add_health_routes(full_router, health);
    http::add_console_routes(full_router);
    stream::add_schedule_routes(full_router, server, scheduler);
    stream::add_event_stream_routes(full_router, server, event_backlog);
    sqlrooms::add_sqlrooms_routes(full_router, server, std::move(result_cache));
    jsonrpc::add_jsonrpc_routes(full_router, server);
    stream::add_stream_routes(full_router, server);
    router = &full_router;
    auto pg_address = start_pg_listener(config, server, runtime, pg_listener);
    auto quack_address = pg_address ? start_quack_listener(config, server, runtime, quack_listener)
                                    : Result<std::string>(std::string());
    if (!pg_address || !quack_address) {
      spdlog::error("{}", (!pg_address ? pg_address : quack_address).error().message);
      exit_code = 1;
      runtime.stop();
    } else if (!active.closed()) {
      ready = true;
      spdlog::info("duckwire listening: http={} database={} duckdb={}{}{}", address.empty() ? "none" : address,
                   config.db_path, backend->engine_version(),
                   pg_address.value().empty() ? "" : " pg=" + pg_address.value(),
                   quack_address.value().empty() ? "" : " quack=" + quack_address.value());
      if (embedding.on_listening) {
        embedding.on_listening(ListeningAddresses{address, pg_address.value(), quack_address.value()});
      }
    }
    stop_network();
  }
  sessions.clear();
  if (auto checkpointed = backend->checkpoint(); !checkpointed) {
    spdlog::warn("checkpoint at shutdown failed: {}", checkpointed.error().message);
  }
  backend.reset();
  spdlog::info("shutdown complete");
  return exit_code;
}

}  // namespace duckwire
