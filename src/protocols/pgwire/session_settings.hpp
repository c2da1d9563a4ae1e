#pragma once
// A PostgreSQL session's settings (GUCs) as its client sees them: the values SHOW answers and the
// ones reported with ParameterStatus at startup and whenever they change. The SET/SHOW/RESET logic and
// its transaction rules are commands::GucStore's; this adds what the session itself asks for.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "encode/pg_format.hpp"
#include "protocols/pgwire/commands/guc_store.hpp"

namespace duckwire::pgwire {

class SessionSettings {
 public:
  // The defaults; `server_version` is --pg-server-version.
  explicit SessionSettings(std::string server_version);

  std::optional<std::string> get(std::string_view name) const { return store_.value(name); }
  // A value the session starts with (a StartupMessage parameter no command claims); returns its name.
  std::string set(std::string_view name, std::string value);

  // Whether changes of `name` are reported with ParameterStatus.
  static bool is_reported(std::string_view name);
  // Every reported setting with its value, in PostgreSQL's order.
  std::vector<std::pair<std::string, std::string>> reported() const;

  std::string time_zone() const { return get("TimeZone").value_or("UTC"); }
  // What changes how values print as text (TimeZone, extra_float_digits).
  encode::pg::TextSettings text_settings() const;

  commands::GucStore& store() { return store_; }
  const commands::GucStore& store() const { return store_; }

  // NOTIFYs of the open transaction block, delivered when it commits.
  void queue_notification(std::string channel, std::string payload);
  std::vector<std::pair<std::string, std::string>> take_notifications();

  // current_setting() reads the session's values from a DuckDB variable. A change marks it stale; the
  // statement that runs next on the engine sets it first (duckdb_variable_update), so that setting it
  // never needs an engine trip of its own.
  void mark_changed() { changed_ = true; }
  std::optional<std::string> duckdb_variable_update();

  // The savepoints of the open transaction block, oldest first (names as SAVEPOINT gave them).
  std::vector<std::string>& savepoints() { return savepoints_; }

 private:
  commands::GucStore store_;
  std::vector<std::pair<std::string, std::string>> notifications_;
  std::vector<std::string> savepoints_;
  bool changed_ = true;
};

}  // namespace duckwire::pgwire
