#pragma once

#include <atomic>
#include <string>

#include "core/metrics.hpp"
#include "http/router.hpp"

namespace duckwire::http {

struct HealthState {
  const std::atomic<bool>& ready;  // the database is open and the server not shutting down
  const Metrics& metrics;
  std::string engine_version;  // e.g. "v1.5.6"
};

// /healthz, /readyz, /version and /metrics. They work before the database is open.
void add_health_routes(Router& router, const HealthState& health);

// The JSON served at /version.
std::string version_json(const std::string& engine_version);

}  // namespace duckwire::http
