#pragma once
// Process-wide logging set-up. Code logs through spdlog's default logger (spdlog::info(...)).

#include <optional>
#include <string_view>

namespace duckwire {

enum class LogLevel { kTrace, kDebug, kInfo, kWarn, kError, kOff };
enum class LogFormat { kText, kJson };

std::optional<LogLevel> parse_log_level(std::string_view name);
std::optional<LogFormat> parse_log_format(std::string_view name);
std::string_view to_string(LogLevel level);
std::string_view to_string(LogFormat format);

// Replaces the default logger with one writing to stderr: readable lines (text) or one JSON object
// per line (json) with "time" (RFC 3339, UTC, milliseconds), "level" and "message".
void configure_logging(LogLevel level, LogFormat format);

}  // namespace duckwire
