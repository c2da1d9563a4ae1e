#include "protocols/pgwire/session_settings.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include "protocols/pgwire/catalog/sql_text.hpp"
#include "util/ascii.hpp"

namespace duckwire::pgwire {

namespace {

// The settings PostgreSQL 15 reports (GUC_REPORT), in the order it sends them at startup.
constexpr std::array<std::string_view, 13> kReported{"application_name",
                                                     "client_encoding",
                                                     "DateStyle",
                                                     "default_transaction_read_only",
                                                     "in_hot_standby",
                                                     "integer_datetimes",
                                                     "IntervalStyle",
                                                     "is_superuser",
                                                     "server_encoding",
                                                     "server_version",
                                                     "session_authorization",
                                                     "standard_conforming_strings",
                                                     "TimeZone"};

}  // namespace

SessionSettings::SessionSettings(std::string server_version) {
  (void)store_.set_default("server_version", server_version);
}

std::string SessionSettings::set(std::string_view name, std::string value) {
  (void)store_.set_default(name, value);
  const auto* definition = commands::find_guc(name);
  return definition != nullptr ? std::string(definition->name) : ascii_lower(name);
}

bool SessionSettings::is_reported(std::string_view name) {
  const auto* definition = commands::find_guc(name);
  return definition != nullptr && definition->reported;
}

std::vector<std::pair<std::string, std::string>> SessionSettings::reported() const {
  std::vector<std::pair<std::string, std::string>> settings;
  for (const std::string_view name : kReported)
    settings.emplace_back(std::string(name), get(name).value_or(""));
  return settings;
}

encode::pg::TextSettings SessionSettings::text_settings() const {
  encode::pg::TextSettings text;
  text.time_zone = time_zone();
  const std::string digits = get("extra_float_digits").value_or("1");
  std::from_chars(digits.data(), digits.data() + digits.size(), text.extra_float_digits);
  return text;
}

void SessionSettings::queue_notification(std::string channel, std::string payload) {
  notifications_.emplace_back(std::move(channel), std::move(payload));
}

std::vector<std::pair<std::string, std::string>> SessionSettings::take_notifications() {
  return std::exchange(notifications_, {});
}

std::optional<std::string> SessionSettings::duckdb_variable_update() {
  if (!std::exchange(changed_, false)) return std::nullopt;
  std::string map = "MAP {";
  bool first = true;
  for (const auto& [name, value] : store_.all()) {
    map += (first ? "" : ", ") + catalog::sql_literal(ascii_lower(name)) + ": " + catalog::sql_literal(value);
    first = false;
  }
  return "SET VARIABLE duckwire_settings = " + map + "}::MAP(VARCHAR, VARCHAR)";
}

}  // namespace duckwire::pgwire
