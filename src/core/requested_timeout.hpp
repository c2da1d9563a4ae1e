#pragma once
// A client's own statement timeout, asked for per request (SQLRooms "statementTimeoutMs", the /sql
// header X-Statement-Timeout-Ms and JSON-RPC params member "statementTimeoutMs"). It can only lower
// the server's --statement-timeout (QueryJob::limit_time).

#include <chrono>
#include <cstdint>
#include <optional>

namespace duckwire {

inline constexpr int64_t kMaxRequestedTimeoutMillis = 24LL * 60 * 60 * 1000;

// Nullopt unless `millis` is a whole number of milliseconds in 1..86400000.
inline std::optional<std::chrono::milliseconds> requested_timeout(int64_t millis) {
  if (millis <= 0 || millis > kMaxRequestedTimeoutMillis) return std::nullopt;
  return std::chrono::milliseconds(millis);
}

}  // namespace duckwire
