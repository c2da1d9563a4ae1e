#include "core/server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdlib>
#include <thread>

#include "backend/duckdb/duckdb_backend.hpp"
#include "core/server_context.hpp"
#include "http/health_routes.hpp"
#include "http/listener.hpp"
#include "http/tls_context.hpp"
#include "protocols/sqlrooms/routes.hpp"

namespace duckwire {

namespace asio = boost::asio;

namespace {

constexpr size_t kIoThreads = 2;
constexpr size_t kIdleSessions = 16;

size_t worker_count() { return std::max<size_t>(16, 4 * std::thread::hardware_concurrency()); }

// Interrupts running queries, waits for them within the shutdown budget, and stops the I/O loop.
void drain(ActiveQueries& active, http::HttpListener& listener, asio::io_context& io,
           std::chrono::milliseconds budget) {
  const auto deadline = std::chrono::steady_clock::now() + budget * 7 / 10;
  active.close_and_interrupt();
  if (!active.wait_until_idle(deadline)) {
    spdlog::warn("shutdown: {} queries still running at the deadline", active.running());
  }
  // Let the interrupted queries' error replies reach their clients.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  listener.stop();
  io.stop();
}

}  // namespace

int run_server(Config config) {
  configure_logging(config.log_level, config.log_format);

  std::vector<std::string> warnings;
  auto opened = open_duckdb_backend(backend_options(config), warnings);
  for (const auto& warning : warnings) spdlog::warn("{}", warning);
  if (!opened) {
    spdlog::error("cannot open database {}: {}", config.db_path, opened.error().message);
    return 1;
  }
  std::unique_ptr<Backend> backend = std::move(opened).value();

  std::shared_ptr<asio::ssl::context> tls;
  if (config.tls) {
    auto made = http::make_server_tls_context(config.tls->cert_path, config.tls->key_path);
    if (!made) {
      spdlog::error("{}", made.error().message);
      return 2;
    }
    tls = made.value();
  }

  const Authenticator auth = make_authenticator(config);
  Metrics metrics;
  PubSub pubsub;
  ActiveQueries active;
  std::atomic<bool> ready{false};
  SessionPool sessions(*backend, kIdleSessions);
  {
    WorkerPool workers(worker_count());
    ServerContext server{config, *backend, workers, sessions, active, auth, metrics, pubsub, ready};

    auto io = std::make_unique<asio::io_context>(static_cast<int>(kIoThreads));
    http::Router router;
    http::add_health_routes(router, server);
    sqlrooms::add_sqlrooms_routes(router, server, sqlrooms::make_result_cache(config));
    http::HttpLimits limits;
    limits.body_bytes = config.max_message_bytes;
    limits.request_timeout = config.request_timeout;
    limits.idle_timeout = config.idle_timeout;
    http::HttpListener listener(*io, tls, http::ConnectionContext{router, limits, metrics});
    if (auto listening = listener.open(config.host, config.port); !listening) {
      spdlog::error("{}", listening.error().message);
      return 1;
    }
    listener.start();

    std::thread shutdown_thread;
    asio::signal_set signals(*io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int signal) {
      if (ec) return;
      spdlog::info("received signal {}: shutting down", signal);
      ready = false;
      signals.async_wait([](const boost::system::error_code& second, int) {
        if (!second) std::_Exit(1);
      });
      shutdown_thread = std::thread(drain, std::ref(active), std::ref(listener), std::ref(*io),
                                    config.shutdown_timeout);
    });

    ready = true;
    spdlog::info("duckwire listening: http={}://{}:{} database={} duckdb={}", tls ? "https" : "http", config.host,
                 listener.port(), config.db_path, backend->engine_version());

    std::vector<std::thread> io_threads;
    for (size_t i = 1; i < kIoThreads; ++i) io_threads.emplace_back([&io] { io->run(); });
    io->run();
    for (auto& thread : io_threads) thread.join();
    if (shutdown_thread.joinable()) shutdown_thread.join();
    // Destroying the I/O loop ends every connection and returns borrowed sessions.
    io.reset();
  }
  sessions.clear();
  if (auto checkpointed = backend->checkpoint(); !checkpointed) {
    spdlog::warn("checkpoint at shutdown failed: {}", checkpointed.error().message);
  }
  backend.reset();
  spdlog::info("shutdown complete");
  return 0;
}

}  // namespace duckwire
