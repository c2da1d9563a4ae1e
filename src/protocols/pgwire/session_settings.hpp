#pragma once
// A PostgreSQL session's settings (GUCs) as its client sees them: the values SHOW answers and the
// ones reported with ParameterStatus at startup and whenever they change. Names are matched
// case-insensitively and kept in their canonical spelling ("DateStyle", "TimeZone").

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace duckwire::pgwire {

struct CaseInsensitiveLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const;
};

class SessionSettings {
 public:
  // The defaults; `server_version` is --pg-server-version.
  explicit SessionSettings(std::string server_version);

  std::optional<std::string> get(std::string_view name) const;
  // Sets (or adds) a setting; returns its canonical name.
  std::string set(std::string_view name, std::string value);
  // Back to its default (a setting without one is removed); returns its canonical name, or nullopt
  // for a setting that was never set and has no default.
  std::optional<std::string> reset(std::string_view name);

  // Whether changes of `name` are reported with ParameterStatus.
  static bool is_reported(std::string_view name);
  // Every reported setting with its value, in PostgreSQL's order.
  std::vector<std::pair<std::string, std::string>> reported() const;
  // Every setting with its value (SHOW ALL).
  const std::map<std::string, std::string, CaseInsensitiveLess>& all() const { return values_; }

  std::string time_zone() const { return get("TimeZone").value_or("UTC"); }

 private:
  std::map<std::string, std::string, CaseInsensitiveLess> defaults_;
  std::map<std::string, std::string, CaseInsensitiveLess> values_;
};

}  // namespace duckwire::pgwire
