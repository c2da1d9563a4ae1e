#pragma once
// The HTTP header in which a client asks for its own statement timeout, in milliseconds. Like
// SQLRooms' "statementTimeoutMs", it can only lower the server's --statement-timeout.

#include <charconv>
#include <chrono>
#include <optional>
#include <string_view>

#include "core/requested_timeout.hpp"
#include "http/http_types.hpp"
#include "util/error.hpp"

namespace duckwire {

inline constexpr std::string_view kStatementTimeoutHeader = "x-statement-timeout-ms";

// Nullopt without the header; an error when its value is not a whole number in 1..86400000.
inline Result<std::optional<std::chrono::milliseconds>> requested_statement_timeout(
    const http::HttpRequest& request) {
  const auto text = request.header(kStatementTimeoutHeader);
  if (!text) return std::optional<std::chrono::milliseconds>();
  int64_t millis = 0;
  const char* end = text->data() + text->size();
  const auto [stop, status] = std::from_chars(text->data(), end, millis);
  const auto timeout = requested_timeout(millis);
  if (text->empty() || status != std::errc() || stop != end || !timeout) {
    return Error{ErrorKind::kInvalidInput,
                 "X-Statement-Timeout-Ms must be a whole number of milliseconds in 1..86400000"};
  }
  return timeout;
}

}  // namespace duckwire
