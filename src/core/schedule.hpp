#pragma once
// A schedule: a named SQL statement the server runs every `every_seconds` (core/scheduler.hpp), and the
// rules a definition must keep, whether it comes from a client (POST /schedules) or from the table it
// is stored in (core/schedule_store.hpp).

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "util/error.hpp"

namespace duckwire {

struct ScheduleLimits {
  static constexpr int64_t kMinEverySeconds = 1;
  static constexpr int64_t kMaxEverySeconds = 31'536'000;  // a year
  static constexpr size_t kMaxNameBytes = 200;
  static constexpr size_t kMaxSqlBytes = 1 << 20;
  static constexpr size_t kMaxSchedules = 100;
};

// What a client asks for.
struct ScheduleSpec {
  std::string name;
  std::string sql;
  int64_t every_seconds = 0;
};

// A stored schedule.
struct ScheduleDefinition {
  int64_t id = 0;
  ScheduleSpec spec;
  std::string principal;  // who created it ("user:NAME", "token:N"); empty without authentication
};

// The outcome of one run.
struct ScheduleRun {
  bool success = false;
  int64_t rows_returned = 0;
  double execution_time_ms = 0;
  std::string error;  // when it failed
  std::chrono::system_clock::time_point started_at;
};

// A schedule as GET /schedules shows it.
struct ScheduleState {
  ScheduleDefinition definition;
  bool persisted = false;  // stored in the database (false on a read-only server)
  bool running = false;
  uint64_t runs = 0;
  uint64_t failures = 0;
  uint64_t skipped_overlaps = 0;  // ticks that came while the previous run still ran
  std::optional<ScheduleRun> last_run;
  std::chrono::system_clock::time_point next_run_at;
};

// Why `spec` is not a valid schedule (the message names the field), or nothing when it is.
std::optional<Error> invalid_schedule(const ScheduleSpec& spec);

// The schedule_executed event's data object, which POST /schedules/{id}/run answers too.
boost::json::object schedule_executed_data(const ScheduleDefinition& definition, const ScheduleRun& run);

}  // namespace duckwire
