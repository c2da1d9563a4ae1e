#include "python/python_backend.hpp"

#include "python/python_session.hpp"

namespace duckwire::python {

namespace {

Error refusal(const VerdictAnswer& answer, const std::string& default_message, const char* default_code) {
  Error error = answer.refusal;
  if (error.kind == ErrorKind::kTimeout || error.kind == ErrorKind::kInternal) {
    error.code = default_code;  // a handler that failed or never answered refuses
    return error;
  }
  if (error.message.empty()) error.message = default_message;
  if (error.code.empty()) error.code = default_code;
  return error;
}

}  // namespace

PythonBackend::PythonBackend(std::unique_ptr<Backend> duckdb, std::shared_ptr<PythonHandlers> handlers,
                             bool emulate_catalog)
    : duckdb_(std::move(duckdb)), handlers_(std::move(handlers)), emulate_catalog_(emulate_catalog) {
  if (handlers_->has_disconnect()) disconnect_thread_ = std::thread([this] { run_disconnects(); });
}

PythonBackend::~PythonBackend() {
  {
    std::lock_guard lock(disconnect_mutex_);
    stopping_ = true;
  }
  disconnect_ready_.notify_all();
  if (disconnect_thread_.joinable()) disconnect_thread_.join();
}

Result<std::unique_ptr<Session>> PythonBackend::connect_client(const ClientInfo& client) {
  auto duckdb = duckdb_->connect();
  if (!duckdb) return duckdb.error();
  if (!handlers_->has_query()) return duckdb;
  return std::unique_ptr<Session>(
      std::make_unique<PythonSession>(handlers_, std::move(duckdb).value(), client.connection_id));
}

Result<void> PythonBackend::on_connect(const ClientInfo& client) {
  if (auto admitted = duckdb_->on_connect(client); !admitted) return admitted.error();
  if (!handlers_->has_connect()) return {};
  const VerdictAnswer answer = handlers_->ask_connect(
      [&client] { return py::make_tuple(client.connection_id, py::str(client.address), client.port); });
  if (answer.allowed) return {};
  return refusal(answer, "connection refused by the server's connect handler", "28000");
}

void PythonBackend::on_disconnect(const ClientInfo& client) {
  duckdb_->on_disconnect(client);
  if (!handlers_->has_disconnect()) return;
  {
    std::lock_guard lock(disconnect_mutex_);
    disconnects_.push_back(client);
  }
  disconnect_ready_.notify_one();
}

void PythonBackend::run_disconnects() {
  std::unique_lock lock(disconnect_mutex_);
  while (true) {
    disconnect_ready_.wait(lock, [this] { return stopping_ || !disconnects_.empty(); });
    if (disconnects_.empty()) return;
    const ClientInfo client = std::move(disconnects_.front());
    disconnects_.pop_front();
    lock.unlock();
    handlers_->tell_disconnect(
        [&client] { return py::make_tuple(client.connection_id, py::str(client.address), client.port); });
    lock.lock();
  }
}

Result<void> PythonBackend::check_password(const ClientInfo& client, const std::string& password) {
  const VerdictAnswer answer = handlers_->ask_auth(
      [&client, &password] {
        return py::make_tuple(client.connection_id, py::str(client.user), py::str(password), py::str(client.address));
      },
      [&client] {
        py::dict keywords;
        keywords["database"] = py::str(client.database);
        return keywords;
      });
  if (answer.allowed) return {};
  return refusal(answer, "password authentication failed for user \"" + client.user + "\"", "28P01");
}

}  // namespace duckwire::python
