#pragma once
// The schedules API on the HTTP port (JSON): POST /schedules {"name","sql","every_seconds"} → 201,
// GET /schedules, GET /schedules/{id}, DELETE /schedules/{id} → 204, POST /schedules/{id}/run → the
// run's outcome. Errors are {"error": "..."}: 400 naming the field of an invalid body, 404 for an
// unknown id, 409 when a schedule is running now (run) or the server holds the most schedules it takes
// (create), 413 for a body over kMaxBodyBytes, 500 when duckwire.schedules cannot be written. Same
// authentication and browser-origin policy as the other HTTP routes; every authenticated client manages
// every schedule.

#include <memory>

#include "core/scheduler.hpp"
#include "core/server_context.hpp"
#include "http/router.hpp"

namespace duckwire::stream {

inline constexpr size_t kMaxBodyBytes = ScheduleLimits::kMaxSqlBytes + 64 * 1024;

void add_schedule_routes(http::Router& router, const ServerContext& server,
                         std::shared_ptr<Scheduler> scheduler);

}  // namespace duckwire::stream
