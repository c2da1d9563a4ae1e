#pragma once
// GET /events: the server's events (query_completed, schedule_executed) as Server-Sent Events
// (text/event-stream), for clients that only need one-way updates. Each event is `id`, `event` and
// `data` lines; a `: keep-alive` comment every 15 s (`?keepalive=SECONDS`, 1..300, asks for another
// interval); `?events=a,b` keeps only those types; a Last-Event-ID header replays the kept events after
// that id first (core/event_backlog.hpp). What waits to be written to one client is bounded
// (kMaxQueuedBytes): a client that stops reading is cut off, its connection closed. Shutdown ends every
// stream with its final chunk. Same authentication and browser-origin policy as the other HTTP routes.

#include <cstdint>
#include <memory>

#include "core/event_backlog.hpp"
#include "core/server_context.hpp"
#include "http/router.hpp"

namespace duckwire::stream {

inline constexpr uint64_t kMaxQueuedBytes = uint64_t{1} << 20;

void add_event_stream_routes(http::Router& router, const ServerContext& server,
                             std::shared_ptr<EventBacklog> backlog);

}  // namespace duckwire::stream
