#include "core/schedule.hpp"

#include <boost/json/object.hpp>

#include <fmt/format.h>

#include "util/utf8.hpp"

namespace duckwire {

std::optional<Error> invalid_schedule(const ScheduleSpec& spec) {
  auto invalid = [](std::string message) { return Error{ErrorKind::kInvalidInput, std::move(message)}; };
  if (spec.name.empty()) return invalid("name must not be empty");
  if (spec.name.size() > ScheduleLimits::kMaxNameBytes) {
    return invalid(fmt::format("name must be at most {} bytes", ScheduleLimits::kMaxNameBytes));
  }
  if (!is_valid_utf8(spec.name)) return invalid("name must be valid UTF-8");
  if (spec.sql.find_first_not_of(" \t\r\n;") == std::string::npos) return invalid("sql must not be empty");
  if (spec.sql.size() > ScheduleLimits::kMaxSqlBytes) {
    return invalid(fmt::format("sql must be at most {} bytes", ScheduleLimits::kMaxSqlBytes));
  }
  if (spec.every_seconds < ScheduleLimits::kMinEverySeconds ||
      spec.every_seconds > ScheduleLimits::kMaxEverySeconds) {
    return invalid(fmt::format("every_seconds must be a whole number from {} to {}",
                               ScheduleLimits::kMinEverySeconds, ScheduleLimits::kMaxEverySeconds));
  }
  return std::nullopt;
}

boost::json::object schedule_executed_data(const ScheduleDefinition& definition, const ScheduleRun& run) {
  boost::json::object data;
  data["schedule_id"] = definition.id;
  data["schedule_name"] = definition.spec.name;
  data["success"] = run.success;
  data["rows_returned"] = run.rows_returned;
  data["execution_time_ms"] = run.execution_time_ms;
  if (!run.success) data["error"] = run.error;
  return data;
}

}  // namespace duckwire
