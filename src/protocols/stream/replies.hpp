#pragma once
// The server's messages on /ws (../shared/specs/stream.md), each a whole text frame
// {"type": T, "data": {...}}. The result messages (result_chunk, result_complete) are made by
// ChunkMessageEncoder as the result is fetched.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backend/backend.hpp"

namespace duckwire::stream {

// The `message` of a query that failed; its `error` says why (DuckDB's message, "Query was cancelled").
inline constexpr std::string_view kQueryFailed = "Query execution failed";

std::string query_start(const std::string& query_id, const std::string& sql);
std::string query_progress(const std::string& query_id, const Progress& progress);
// The end of a statement without rows (DDL, DML): no chunks.
std::string result_complete(const std::string& query_id, int64_t total_rows, int64_t total_chunks,
                            double execution_time_ms);
std::string query_error(const std::string& query_id, const std::string& error);
// An error not about a query's execution (a bad message, a refused auth); `query_id` when known.
std::string error_event(const std::string& message,
                        const std::optional<std::string>& query_id = std::nullopt);
std::string pong();
std::string auth_ok(const std::string& principal);
std::string subscription_reply(bool subscribed, const std::vector<std::string>& events);
// An event from ServerEvents: its type and its data as JSON text.
std::string event_message(std::string_view type, std::string_view data_json);

}  // namespace duckwire::stream
