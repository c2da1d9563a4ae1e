#pragma once
// What a program that runs the server inside itself (the Python module) changes about it: the backend
// the front doors use, how it is stopped, and where it listens once it does.

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "backend/backend.hpp"

namespace duckwire {

// Stops a running server from any thread; a stop asked for before the server runs stops it as it starts.
class ServerStopper {
 public:
  void stop();
  // The server's own stop, run by stop() (now, when a stop was already asked for); reset() when done.
  void attach(std::function<void()> action);
  void reset();

 private:
  std::mutex mutex_;
  std::function<void()> action_;
  bool requested_ = false;
};

struct ListeningAddresses {
  std::string http;  // "http://127.0.0.1:4000"; empty without an HTTP listener
  std::string pg;    // "127.0.0.1:5432"; empty without a PostgreSQL listener
  std::string quack;  // "127.0.0.1:9494"; empty without a Quack listener
};

struct ServerEmbedding {
  // Makes the backend the front doors use from the opened DuckDB backend (which the DuckDB server uses
  // as it is); an Error stops the start.
  std::function<Result<std::unique_ptr<Backend>>(std::unique_ptr<Backend>)> wrap_backend;
  // Set: SIGINT and SIGTERM are left to the program; the server stops through this.
  std::shared_ptr<ServerStopper> stopper;
  // Called once every listener listens (on an I/O thread: keep it short).
  std::function<void(const ListeningAddresses&)> on_listening;
  // Run with full rights as the DuckDB database opens, after the PostgreSQL catalog's setup (the objects
  // a program registers for its emulated catalog).
  std::vector<std::string> setup_statements;
};

}  // namespace duckwire
