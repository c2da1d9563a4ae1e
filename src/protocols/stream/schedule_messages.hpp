#pragma once
// The JSON of the schedules API (POST/GET/DELETE /schedules, GET /schedules/{id},
// POST /schedules/{id}/run): reading a new schedule's body, writing a schedule and a run.

#include <boost/json/object.hpp>

#include <string_view>

#include "core/schedule.hpp"

namespace duckwire::stream {

// {"name": S, "sql": S, "every_seconds": N}; an error (kInvalidInput) names the field that is wrong.
Result<ScheduleSpec> parse_schedule_body(std::string_view body);

// A schedule as GET /schedules/{id} shows it.
boost::json::object schedule_json(const ScheduleState& state);

// "2026-11-27T08:45:11.123Z"
std::string utc_timestamp(std::chrono::system_clock::time_point time);

}  // namespace duckwire::stream
