#pragma once
// The /ws route: streaming query events over WebSocket (../shared/specs/stream.md).

#include "core/server_context.hpp"
#include "http/router.hpp"

namespace duckwire::stream {

void add_stream_routes(http::Router& router, const ServerContext& server);

}  // namespace duckwire::stream
