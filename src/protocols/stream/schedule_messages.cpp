#include "protocols/stream/schedule_messages.hpp"

#include <boost/json/parse.hpp>

#include <cmath>

#include <fmt/format.h>

#include "util/calendar.hpp"

namespace duckwire::stream {

namespace json = boost::json;

namespace {

Error invalid(std::string message) {
  return Error{ErrorKind::kInvalidInput, std::move(message)};
}

Result<std::string> string_field(const json::object& body, std::string_view name) {
  const json::value* value = body.if_contains(name);
  if (value == nullptr) return invalid(fmt::format("{} is missing", name));
  if (!value->is_string()) return invalid(fmt::format("{} must be a string", name));
  return std::string(value->get_string());
}

Result<int64_t> every_seconds_field(const json::object& body) {
  const std::string range = fmt::format("every_seconds must be a whole number of seconds from {} to {}",
                                        ScheduleLimits::kMinEverySeconds, ScheduleLimits::kMaxEverySeconds);
  const json::value* value = body.if_contains("every_seconds");
  if (value == nullptr) return invalid("every_seconds is missing: " + range);
  if (!value->is_number())
    return invalid("every_seconds must be a number: " + range.substr(range.find("a whole")));
  double seconds = 0;
  if (value->is_int64()) {
    seconds = static_cast<double>(value->get_int64());
  } else if (value->is_uint64()) {
    seconds = static_cast<double>(value->get_uint64());
  } else {
    seconds = value->get_double();
  }
  if (!std::isfinite(seconds) || seconds != std::floor(seconds) ||
      seconds < static_cast<double>(ScheduleLimits::kMinEverySeconds) ||
      seconds > static_cast<double>(ScheduleLimits::kMaxEverySeconds)) {
    return invalid(range);
  }
  return static_cast<int64_t>(seconds);
}

}  // namespace

Result<ScheduleSpec> parse_schedule_body(std::string_view body) {
  boost::system::error_code ec;
  json::value parsed = json::parse(body, ec);
  if (ec)
    return invalid("the body must be a JSON object {\"name\", \"sql\", \"every_seconds\"}: " + ec.message());
  if (!parsed.is_object())
    return invalid("the body must be a JSON object {\"name\", \"sql\", \"every_seconds\"}");
  const json::object& object = parsed.get_object();
  auto name = string_field(object, "name");
  if (!name) return name.error();
  auto sql = string_field(object, "sql");
  if (!sql) return sql.error();
  auto every = every_seconds_field(object);
  if (!every) return every.error();
  ScheduleSpec spec{std::move(name).value(), std::move(sql).value(), every.value()};
  if (auto refused = invalid_schedule(spec)) return *refused;
  return spec;
}

std::string utc_timestamp(std::chrono::system_clock::time_point time) {
  const int64_t millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
  const int64_t day_millis = kSecondsPerDay * 1000;
  int64_t days = millis / day_millis;
  int64_t rest = millis % day_millis;
  if (rest < 0) {
    rest += day_millis;
    days -= 1;
  }
  const CivilDate date = civil_from_days(days);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", date.year, date.month, date.day,
                     rest / 3'600'000, rest / 60'000 % 60, rest / 1000 % 60, rest % 1000);
}

json::object schedule_json(const ScheduleState& state) {
  const ScheduleDefinition& definition = state.definition;
  json::object object;
  object["schedule_id"] = definition.id;
  object["name"] = definition.spec.name;
  object["sql"] = definition.spec.sql;
  object["every_seconds"] = definition.spec.every_seconds;
  object["persisted"] = state.persisted;
  object["running"] = state.running;
  object["runs"] = state.runs;
  object["failures"] = state.failures;
  object["skipped_overlaps"] = state.skipped_overlaps;
  if (state.last_run) {
    const ScheduleRun& run = *state.last_run;
    object["last_run_at"] = utc_timestamp(run.started_at);
    object["last_status"] = run.success ? "success" : "failed";
    object["last_error"] = run.success ? json::value(nullptr) : json::value(run.error);
    object["last_rows"] = run.rows_returned;
    object["last_execution_time_ms"] = run.execution_time_ms;
  } else {
    for (const char* key :
         {"last_run_at", "last_status", "last_error", "last_rows", "last_execution_time_ms"})
      object[key] = nullptr;
  }
  object["next_run_at"] = utc_timestamp(state.next_run_at);
  return object;
}

}  // namespace duckwire::stream
