#pragma once
// The text of Server-Sent Events (the WHATWG HTML "server-sent events" format) for GET /events, and the
// reading of what a client sends with it (the event filter, Last-Event-ID).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.hpp"

namespace duckwire::stream {

// "id: N\nevent: TYPE\ndata: DATA\n\n"; a line break in `data` starts another data line.
std::string sse_event(uint64_t id, std::string_view type, std::string_view data);
// ": TEXT\n\n", which clients ignore (keeps proxies and idle timers from closing the stream).
std::string sse_comment(std::string_view text);

// The event types of `?events=a,b` (every known type when the list is absent or empty); an error names
// a type that does not exist.
Result<std::vector<std::string>> parse_event_filter(std::optional<std::string_view> list);
// A Last-Event-ID header's event id; an error when it is not one.
Result<uint64_t> parse_last_event_id(std::string_view header);

}  // namespace duckwire::stream
