#include "protocols/pgwire/session_settings.hpp"

#include <algorithm>
#include <array>

#include "util/ascii.hpp"

namespace duckwire::pgwire {

namespace {

// The settings PostgreSQL 15 reports (GUC_REPORT), in the order it sends them at startup.
constexpr std::array<std::string_view, 14> kReported{"application_name",
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
                                                     "TimeZone",
                                                     "search_path"};

// search_path is not reported by PostgreSQL 15 (only from 18): it is a plain setting here.
constexpr size_t kReportedCount = 13;

}  // namespace

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [](char x, char y) { return ascii_lower(x) < ascii_lower(y); });
}

SessionSettings::SessionSettings(std::string server_version) {
  defaults_ = {
      {"application_name", ""},
      {"client_encoding", "UTF8"},
      {"DateStyle", "ISO, MDY"},
      {"default_transaction_read_only", "off"},
      {"in_hot_standby", "off"},
      {"integer_datetimes", "on"},
      {"IntervalStyle", "postgres"},
      {"is_superuser", "on"},
      {"server_encoding", "UTF8"},
      {"server_version", std::move(server_version)},
      {"session_authorization", ""},
      {"standard_conforming_strings", "on"},
      {"TimeZone", "UTC"},
      {"search_path", "\"$user\", public"},
      {"extra_float_digits", "1"},
      {"statement_timeout", "0"},
      {"transaction_isolation", "serializable"},
      {"default_transaction_isolation", "serializable"},
      {"transaction_read_only", "off"},
      {"max_identifier_length", "63"},
      {"lc_messages", "C"},
      {"lc_monetary", "C"},
      {"lc_numeric", "C"},
      {"lc_time", "C"},
  };
  values_ = defaults_;
}

std::optional<std::string> SessionSettings::get(std::string_view name) const {
  const auto found = values_.find(name);
  if (found == values_.end()) return std::nullopt;
  return found->second;
}

std::string SessionSettings::set(std::string_view name, std::string value) {
  const auto found = values_.find(name);
  if (found != values_.end()) {
    found->second = std::move(value);
    return found->first;
  }
  return values_.emplace(std::string(name), std::move(value)).first->first;
}

std::optional<std::string> SessionSettings::reset(std::string_view name) {
  const auto known = defaults_.find(name);
  if (known != defaults_.end()) {
    values_[known->first] = known->second;
    return known->first;
  }
  const auto found = values_.find(name);
  if (found == values_.end()) return std::nullopt;
  std::string canonical = found->first;
  values_.erase(found);
  return canonical;
}

bool SessionSettings::is_reported(std::string_view name) {
  return std::any_of(kReported.begin(), kReported.begin() + kReportedCount,
                     [&](std::string_view reported) { return equals_ignoring_case(name, reported); });
}

std::vector<std::pair<std::string, std::string>> SessionSettings::reported() const {
  std::vector<std::pair<std::string, std::string>> settings;
  for (size_t i = 0; i < kReportedCount; ++i) {
    const std::string_view name = kReported[i];
    settings.emplace_back(std::string(name), get(name).value_or(""));
  }
  return settings;
}

}  // namespace duckwire::pgwire
