#include "protocols/stream/sse_frames.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "core/server_events.hpp"

namespace duckwire::stream {

std::string sse_event(uint64_t id, std::string_view type, std::string_view data) {
  std::string text = fmt::format("id: {}\nevent: {}\n", id, type);
  while (true) {
    const size_t end = data.find('\n');
    text += "data: ";
    text += data.substr(0, end);
    text += '\n';
    if (end == std::string_view::npos) break;
    data.remove_prefix(end + 1);
  }
  text += '\n';
  return text;
}

std::string sse_comment(std::string_view text) {
  return fmt::format(": {}\n\n", text);
}

Result<std::vector<std::string>> parse_event_filter(std::optional<std::string_view> list) {
  std::vector<std::string> types;
  std::string_view rest = list.value_or("");
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    std::string_view type = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    while (!type.empty() && type.front() == ' ') type.remove_prefix(1);
    while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
    if (type.empty()) continue;
    if (!ServerEvents::is_event_type(type)) {
      return Error{ErrorKind::kInvalidInput,
                   fmt::format("events: unknown event type '{}' (known: {}, {})", type,
                               ServerEvents::kQueryCompleted, ServerEvents::kScheduleExecuted)};
    }
    if (std::find(types.begin(), types.end(), type) == types.end()) types.emplace_back(type);
  }
  if (types.empty())
    types = {std::string(ServerEvents::kQueryCompleted), std::string(ServerEvents::kScheduleExecuted)};
  return types;
}

Result<uint64_t> parse_last_event_id(std::string_view header) {
  while (!header.empty() && header.front() == ' ') header.remove_prefix(1);
  while (!header.empty() && header.back() == ' ') header.remove_suffix(1);
  uint64_t id = 0;
  const auto [end, ec] = std::from_chars(header.data(), header.data() + header.size(), id);
  if (header.empty() || ec != std::errc() || end != header.data() + header.size()) {
    return Error{ErrorKind::kInvalidInput, "Last-Event-ID must be the id of an event this server sent"};
  }
  return id;
}

}  // namespace duckwire::stream
