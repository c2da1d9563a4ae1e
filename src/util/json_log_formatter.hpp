#pragma once
// An spdlog formatter that writes each record as one line of JSON:
// {"time":"2026-11-21T10:00:00.123Z","level":"info","message":"..."}

#include <spdlog/formatter.h>

#include <memory>
#include <string>
#include <string_view>

namespace duckwire {

class JsonLogFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& message, spdlog::memory_buf_t& destination) override;
  std::unique_ptr<spdlog::formatter> clone() const override;
};

// `text` as the contents of a JSON string: quotes, backslashes and control characters escaped,
// invalid UTF-8 replaced by U+FFFD so the line stays valid JSON.
void append_json_escaped(std::string_view text, std::string& out);

// RFC 3339 in UTC with milliseconds, e.g. "2026-11-21T10:00:00.123Z".
std::string format_rfc3339_utc(spdlog::log_clock::time_point time);

}  // namespace duckwire
