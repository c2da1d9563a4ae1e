#pragma once
// The services front doors are given (a ServerContext) around an in-memory database, for tests of
// code that runs queries through the core.

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "backend/duckdb/duckdb_backend.hpp"
#include "backend/duckdb/parquet_writer.hpp"
#include "core/result_spool.hpp"
#include "core/server_context.hpp"
#include "scratch_directory.hpp"

namespace duckwire {

struct TestServer {
  // The spool directory is in a scratch directory (`config.cache_dir` is replaced).
  explicit TestServer(Config config_ = {}, BackendOptions options = {})
      : config(with_cache_dir(std::move(config_), scratch.path)),
        backend(open(options)),
        workers(2),
        sessions(*backend, 2),
        credentials(auth, workers),
        spool_files(config.spool_max_total_bytes, metrics),
        file_writer(open_file_writer(config)),
        server{config,      *backend, workers,     sessions,  active, auth,        metrics, pubsub,
               connections, ready,    credentials, admission, timer,  spool_files, events,  *file_writer} {}

  static Config with_cache_dir(Config config, const std::string& directory) {
    config.cache_dir = directory;
    return config;
  }
  static std::unique_ptr<Backend> open(const BackendOptions& options) {
    std::vector<std::string> warnings;
    return open_duckdb_backend(options, warnings).value();
  }
  static std::unique_ptr<ResultFileWriter> open_file_writer(const Config& config) {
    EXPECT_TRUE(prepare_spool_directory(config));
    return open_parquet_writer(std::filesystem::absolute(spool_directory(config)).string()).value();
  }

  ScratchDirectory scratch;
  Config config;
  std::unique_ptr<Backend> backend;
  WorkerPool workers;
  SessionPool sessions;
  ActiveQueries active;
  Authenticator auth;
  Metrics metrics;
  PubSub pubsub;
  ServerEvents events{false};
  ConnectionRegistry connections;
  std::atomic<bool> ready{true};
  CredentialChecker credentials;
  Admission admission{AdmissionLimits{}, metrics};
  StatementTimer timer;
  SpoolFileTotal spool_files;
  std::unique_ptr<ResultFileWriter> file_writer;
  ServerContext server;
};

}  // namespace duckwire
