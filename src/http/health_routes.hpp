#pragma once

#include "core/server_context.hpp"
#include "http/router.hpp"

namespace duckwire::http {

// /healthz, /readyz, /version and /metrics.
void add_health_routes(Router& router, const ServerContext& server);

// The JSON served at /version.
std::string version_json(const Backend& backend);

}  // namespace duckwire::http
