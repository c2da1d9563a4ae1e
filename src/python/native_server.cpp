#include "python/native_server.hpp"

#include <pybind11/stl.h>

#include <chrono>
#include <filesystem>

#include "core/server.hpp"
#include "python/python_backend.hpp"
#include "util/logging.hpp"

namespace duckwire::python {

namespace {

std::string quoted(const std::string& name) {
  std::string text = "\"";
  for (const char c : name) {
    if (c == '"') text += '"';
    text += c;
  }
  return text + "\"";
}

// riffq's column types (helpers.to_arrow's names) as DuckDB types.
std::string duckdb_type(const std::string& type, const std::string& column) {
  if (type == "int") return "BIGINT";
  if (type == "float") return "DOUBLE";
  if (type == "bool") return "BOOLEAN";
  if (type == "str" || type == "string") return "VARCHAR";
  if (type == "date") return "DATE";
  if (type == "datetime") return "TIMESTAMP";
  throw py::value_error("column '" + column + "': unknown type '" + type +
                        "' (expected one of int, float, bool, str, string, date, datetime)");
}

uint16_t port_of(const py::handle& value, const char* name) {
  const long port = value.cast<long>();
  if (port < 0 || port > 65535) throw py::value_error(std::string(name) + " must be between 0 and 65535");
  return static_cast<uint16_t>(port);
}

}  // namespace

NativeServer::NativeServer(const py::dict& settings) {
  config_.log_level = LogLevel::kWarn;
  config_.quack_port = 0;  // a program's server speaks PostgreSQL (and HTTP); Quack is the CLI server's
  for (const auto& [key_object, value] : settings) {
    const std::string key = py::str(key_object);
    if (key == "db_path") {
      config_.db_path = value.cast<std::string>();
    } else if (key == "host") {
      config_.host = value.cast<std::string>();
    } else if (key == "port") {
      config_.http_enabled = !value.is_none();
      if (!value.is_none()) config_.port = port_of(value, "port");
    } else if (key == "pg_port") {
      if (value.is_none()) {
        config_.pg_port = 0;
      } else {
        config_.pg_port = port_of(value, "pg_port");
        config_.pg_port_ephemeral = config_.pg_port == 0;
        config_.pg_port_given = true;
      }
    } else if (key == "users") {
      for (const auto& [name, password] : value.cast<py::dict>()) {
        config_.users.push_back(UserCredential{py::str(name), py::str(password)});
      }
    } else if (key == "pg_auth") {
      config_.pg_auth = value.cast<std::string>();
    } else if (key == "server_version") {
      if (!value.is_none()) config_.pg_server_version = value.cast<std::string>();
    } else if (key == "allow_cleartext_password") {
      config_.pg_allow_cleartext_password = value.cast<bool>();
    } else if (key == "catalog_emulation") {
      catalog_emulation_ = value.cast<bool>();
    } else if (key == "answer_timeout") {
      answer_timeout_ = std::chrono::milliseconds(static_cast<int64_t>(value.cast<double>() * 1000));
    } else if (key == "threads") {
      if (!value.is_none()) config_.threads = value.cast<int>();
    } else if (key == "read_only") {
      config_.read_only = value.cast<bool>();
    } else if (key == "file_access") {
      for (const auto& directory : value.cast<py::list>()) {
        config_.file_access_dirs.push_back(std::filesystem::canonical(directory.cast<std::string>()).string());
      }
    } else if (key == "log_level") {
      const auto level = parse_log_level(value.cast<std::string>());
      if (!level) throw py::value_error("log_level: one of trace, debug, info, warn, error, off");
      config_.log_level = *level;
    } else {
      throw py::type_error("unknown server setting '" + key + "'");
    }
  }
}

NativeServer::~NativeServer() {
  if (thread_.joinable()) {
    stopper_->stop();
    py::gil_scoped_release released;
    thread_.join();
  }
}

void NativeServer::set_handlers(py::object auth, py::object query, py::object connect, py::object disconnect) {
  auth_ = std::move(auth);
  query_ = std::move(query);
  connect_ = std::move(connect);
  disconnect_ = std::move(disconnect);
}

void NativeServer::set_tls(const std::string& cert, const std::string& key) {
  for (const std::string& path : {cert, key}) {
    if (!std::filesystem::exists(path)) {
      throw py::error_already_set((PyErr_SetFromErrnoWithFilename(PyExc_OSError, path.c_str()), py::error_already_set()));
    }
  }
  config_.tls = TlsFiles{cert, key};
}

void NativeServer::add_setup(std::string sql) {
  if (running_) throw py::value_error("register objects before start(): the catalog is set up as the server starts");
  setup_.push_back(std::move(sql));
}

void NativeServer::register_database(const std::string& name) {
  add_setup("ATTACH IF NOT EXISTS ':memory:' AS " + quoted(name));
}

void NativeServer::register_schema(const std::string& database, const std::string& schema) {
  add_setup("CREATE SCHEMA IF NOT EXISTS " + quoted(database) + "." + quoted(schema));
}

void NativeServer::register_table(const std::string& database, const std::string& schema, const std::string& table,
                                  const py::list& columns) {
  std::string definition;
  for (const auto& entry : columns) {
    const auto descriptor = entry.cast<py::dict>();
    if (descriptor.size() != 1) throw py::value_error("each column is a dict of one entry: {name: {\"type\": ...}}");
    for (const auto& [name_object, spec_object] : descriptor) {
      const std::string name = py::str(name_object);
      const auto spec = spec_object.cast<py::dict>();
      if (!spec.contains("type")) throw py::value_error("column '" + name + "': no \"type\"");
      const bool nullable = !spec.contains("nullable") || spec["nullable"].cast<bool>();
      if (!definition.empty()) definition += ", ";
      definition += quoted(name) + " " + duckdb_type(py::str(spec["type"]), name) + (nullable ? "" : " NOT NULL");
    }
  }
  if (definition.empty()) throw py::value_error("table '" + table + "' has no columns");
  add_setup("CREATE TABLE IF NOT EXISTS " + quoted(database) + "." + quoted(schema) + "." + quoted(table) + " (" +
            definition + ")");
}

void NativeServer::start(double timeout_seconds) {
  if (running_ || thread_.joinable()) throw py::value_error("the server was started already");
  ServerEmbedding embedding;
  embedding.stopper = stopper_;
  embedding.setup_statements = setup_;
  embedding.on_listening = [this](const ListeningAddresses& addresses) {
    std::lock_guard lock(mutex_);
    listening_ = addresses;
    changed_.notify_all();
  };
  if (!auth_.is_none() || !query_.is_none() || !connect_.is_none() || !disconnect_.is_none()) {
    auto handlers = std::make_shared<PythonHandlers>(auth_, query_, connect_, disconnect_, answer_timeout_);
    const bool emulate = catalog_emulation_;
    embedding.wrap_backend = [handlers, emulate](std::unique_ptr<Backend> duckdb) -> Result<std::unique_ptr<Backend>> {
      return std::unique_ptr<Backend>(std::make_unique<PythonBackend>(std::move(duckdb), handlers, emulate));
    };
  }
  running_ = true;
  {
    py::gil_scoped_release released;
    thread_ = std::thread([this, config = config_, embedding = std::move(embedding)]() mutable {
      const int code = run_server(std::move(config), embedding);
      std::lock_guard lock(mutex_);
      exit_code_ = code;
      finished_ = true;
      running_ = false;
      changed_.notify_all();
    });
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::chrono::duration<double>(timeout_seconds),
                      [this] { return listening_.has_value() || finished_; });
  }
  std::lock_guard lock(mutex_);
  if (finished_) {
    throw std::runtime_error("the server did not start (exit status " + std::to_string(exit_code_) +
                             "): see its log for why");
  }
  if (!listening_) throw std::runtime_error("the server did not start listening in time");
}

void NativeServer::wait() {
  while (true) {
    {
      py::gil_scoped_release released;
      std::unique_lock lock(mutex_);
      if (changed_.wait_for(lock, std::chrono::milliseconds(100), [this] { return finished_; })) break;
    }
    if (PyErr_CheckSignals() != 0) {
      py::error_already_set raised;  // taken out of Python's error state while the server stops
      stop();
      if (raised.matches(PyExc_KeyboardInterrupt)) return;  // Ctrl-C: stopped cleanly
      throw raised;
    }
  }
  py::gil_scoped_release released;
  if (thread_.joinable()) thread_.join();
}

void NativeServer::stop() {
  stopper_->stop();
  py::gil_scoped_release released;
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return finished_ || !thread_.joinable(); });
  lock.unlock();
  if (thread_.joinable()) thread_.join();
}

py::object NativeServer::pg_port() const {
  std::lock_guard lock(mutex_);
  if (!listening_ || listening_->pg.empty()) return py::none();
  return py::int_(std::stoi(listening_->pg.substr(listening_->pg.rfind(':') + 1)));
}

py::object NativeServer::http_port() const {
  std::lock_guard lock(mutex_);
  if (!listening_ || listening_->http.empty()) return py::none();
  return py::int_(std::stoi(listening_->http.substr(listening_->http.rfind(':') + 1)));
}

void add_native_server(py::module_& module) {
  py::class_<NativeServer>(module, "NativeServer")
      .def(py::init<const py::dict&>(), py::arg("settings"))
      .def("set_handlers", &NativeServer::set_handlers, py::arg("auth"), py::arg("query"), py::arg("connect"),
           py::arg("disconnect"))
      .def("set_tls", &NativeServer::set_tls, py::arg("crt"), py::arg("key"))
      .def("set_server_version", &NativeServer::set_server_version)
      .def("set_catalog_emulation", &NativeServer::set_catalog_emulation)
      .def("register_database", &NativeServer::register_database, py::arg("database_name"))
      .def("register_schema", &NativeServer::register_schema, py::arg("database_name"), py::arg("schema_name"))
      .def("register_table", &NativeServer::register_table, py::arg("database_name"), py::arg("schema_name"),
           py::arg("table_name"), py::arg("columns"))
      .def("start", &NativeServer::start, py::arg("timeout") = 30.0)
      .def("wait", &NativeServer::wait)
      .def("stop", &NativeServer::stop)
      .def_property_readonly("running", &NativeServer::running)
      .def_property_readonly("pg_port", &NativeServer::pg_port)
      .def_property_readonly("http_port", &NativeServer::http_port);
}

}  // namespace duckwire::python
