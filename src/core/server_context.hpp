#pragma once
// What every front door is given: the configuration and the shared core services.

#include <atomic>

#include "backend/backend.hpp"
#include "backend/result_file_writer.hpp"
#include "config/config.hpp"
#include "core/active_queries.hpp"
#include "core/admission.hpp"
#include "core/auth.hpp"
#include "core/connection_registry.hpp"
#include "core/credential_checker.hpp"
#include "core/metrics.hpp"
#include "core/pubsub.hpp"
#include "core/server_events.hpp"
#include "core/session_pool.hpp"
#include "core/spool_allowance.hpp"
#include "core/statement_timer.hpp"
#include "core/worker_pool.hpp"

namespace duckwire {

struct ServerContext {
  const Config& config;
  Backend& backend;
  WorkerPool& workers;
  SessionPool& sessions;
  ActiveQueries& active;
  const Authenticator& auth;
  Metrics& metrics;
  PubSub& pubsub;
  ConnectionRegistry& connections;
  const std::atomic<bool>& ready;
  CredentialChecker& credentials;  // HTTP credentials, off the I/O threads and rate-limited
  Admission& admission;
  StatementTimer& statement_timer;
  SpoolFileTotal& spool_files;    // spool file bytes of every WebSocket connection
  ServerEvents& events;           // query_completed and the server's other events, for live feeds
  ResultFileWriter& file_writer;  // results as files to download (Parquet), into the spool directory
};

}  // namespace duckwire
