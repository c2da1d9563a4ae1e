#pragma once
// The backend of a program that answers PostgreSQL clients in Python (riffq's RiffqServer and
// duckwire.Server with a connection class): its handlers authenticate, admit and answer clients, in
// front of the server's DuckDB, which holds the emulated catalog and reads the handlers' Arrow
// results (and answers every other front door, and the statements a handler leaves to it).

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "backend/backend.hpp"
#include "python/python_handlers.hpp"

namespace duckwire::python {

class PythonBackend final : public Backend {
 public:
  PythonBackend(std::unique_ptr<Backend> duckdb, std::shared_ptr<PythonHandlers> handlers, bool emulate_catalog);
  ~PythonBackend() override;

  // Other front doors (HTTP) reach DuckDB itself.
  Result<std::unique_ptr<Session>> connect() override { return duckdb_->connect(); }
  Result<std::unique_ptr<Session>> connect_client(const ClientInfo& client) override;
  std::string engine_name() const override { return duckdb_->engine_name(); }
  std::string engine_version() const override { return duckdb_->engine_version(); }
  Result<void> checkpoint() override { return duckdb_->checkpoint(); }
  Result<void> on_connect(const ClientInfo& client) override;
  void on_disconnect(const ClientInfo& client) override;
  bool checks_passwords() const override { return handlers_->has_auth(); }
  Result<void> check_password(const ClientInfo& client, const std::string& password) override;
  SqlDialect dialect() const override {
    return handlers_->has_query() ? SqlDialect::kClientText : SqlDialect::kDuckDb;
  }
  Backend* catalog_engine() override { return duckdb_.get(); }
  bool emulates_catalog() const override { return emulate_catalog_; }

 private:
  // Disconnect handlers run one at a time on a thread of their own: the connection that ends does not
  // wait for Python.
  void run_disconnects();

  std::unique_ptr<Backend> duckdb_;
  std::shared_ptr<PythonHandlers> handlers_;
  const bool emulate_catalog_;
  std::mutex disconnect_mutex_;
  std::condition_variable disconnect_ready_;
  std::deque<ClientInfo> disconnects_;
  bool stopping_ = false;
  std::thread disconnect_thread_;
};

}  // namespace duckwire::python
