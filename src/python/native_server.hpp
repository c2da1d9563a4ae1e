#pragma once
// duckwire's whole server run inside a Python process: the native part of riffq.Server /
// riffq.RiffqServer and duckwire.Server. It runs on a thread of its own; Python code is entered only
// through the handlers (python_handlers.hpp).

#include <pybind11/pybind11.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "config/config.hpp"
#include "core/server_embedding.hpp"

namespace duckwire::python {

namespace py = pybind11;

class NativeServer {
 public:
  // `settings`: db_path, host, port (None: no HTTP listener; 0: any free port), pg_port (None: no
  // PostgreSQL listener; 0: any free port), users ({name: password}), pg_auth, server_version,
  // allow_cleartext_password, catalog_emulation, answer_timeout (seconds), threads, read_only,
  // file_access (list of directories), log_level.
  explicit NativeServer(const py::dict& settings);
  ~NativeServer();

  void set_handlers(py::object auth, py::object query, py::object connect, py::object disconnect);
  void set_tls(const std::string& cert, const std::string& key);
  void set_server_version(const std::string& version) { config_.pg_server_version = version; }
  void set_catalog_emulation(bool on) { catalog_emulation_ = on; }
  void register_database(const std::string& name);
  void register_schema(const std::string& database, const std::string& schema);
  void register_table(const std::string& database, const std::string& schema, const std::string& table,
                      const py::list& columns);

  // Starts the server on its own thread and returns once it listens; RuntimeError when it cannot.
  void start(double timeout_seconds);
  // Blocks until the server stops. Ctrl-C stops it and returns; another exception a signal handler
  // raises stops it and propagates.
  void wait();
  void stop();
  bool running() const { return running_; }
  py::object pg_port() const;
  py::object http_port() const;

 private:
  void add_setup(std::string sql);

  Config config_;
  bool catalog_emulation_ = false;
  std::chrono::milliseconds answer_timeout_{30'000};
  std::vector<std::string> setup_;
  py::object auth_ = py::none();
  py::object query_ = py::none();
  py::object connect_ = py::none();
  py::object disconnect_ = py::none();
  std::shared_ptr<ServerStopper> stopper_ = std::make_shared<ServerStopper>();
  std::thread thread_;
  std::atomic<bool> running_{false};
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<ListeningAddresses> listening_;
  bool finished_ = false;
  int exit_code_ = 0;
};

void add_native_server(py::module_& module);

}  // namespace duckwire::python
