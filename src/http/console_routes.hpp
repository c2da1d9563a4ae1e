#pragma once
// The web console at /ui: its embedded files (src/ui/), index.html at /ui and /ui/.

#include "http/router.hpp"

namespace duckwire::http {

void add_console_routes(Router& router);

}  // namespace duckwire::http
