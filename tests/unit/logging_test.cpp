// Tests for the JSON log format: escaping, timestamps, and whole lines through configure_logging.

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <chrono>
#include <string>

#include "util/json_log_formatter.hpp"
#include "util/logging.hpp"

namespace duckwire {
namespace {

std::string escaped(std::string_view text) {
  std::string out;
  append_json_escaped(text, out);
  return out;
}

TEST(LoggingTest, EscapesJsonStrings) {
  EXPECT_EQ(escaped("plain"), "plain");
  EXPECT_EQ(escaped("say \"hi\"\\"), "say \\\"hi\\\"\\\\");
  EXPECT_EQ(escaped("a\nb\rc\td\be\ff"), "a\\nb\\rc\\td\\be\\ff");
  EXPECT_EQ(escaped(std::string_view("\x00\x01\x1f\x7f", 4)), "\\u0000\\u0001\\u001f\\u007f");
  EXPECT_EQ(escaped("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\xa6\x86"),
            "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\xa6\x86");
}

TEST(LoggingTest, ReplacesInvalidUtf8) {
  EXPECT_EQ(escaped("a\xff"
                    "b"),
            "a\\ufffdb");
  EXPECT_EQ(escaped("\xc3"), "\\ufffd");                                   // truncated
  EXPECT_EQ(escaped("\xc0\xaf"), "\\ufffd\\ufffd");                        // overlong '/'
  EXPECT_EQ(escaped("\xed\xa0\x80"), "\\ufffd\\ufffd\\ufffd");             // surrogate
  EXPECT_EQ(escaped("\xf4\x90\x80\x80"), "\\ufffd\\ufffd\\ufffd\\ufffd");  // above U+10FFFF
}

TEST(LoggingTest, FormatsRfc3339UtcWithMilliseconds) {
  // 2026-11-21T10:00:00.123Z
  const auto time = spdlog::log_clock::time_point(std::chrono::duration_cast<spdlog::log_clock::duration>(
      std::chrono::seconds(1795255200) + std::chrono::milliseconds(123)));
  EXPECT_EQ(format_rfc3339_utc(time), "2026-11-21T10:00:00.123Z");
  EXPECT_EQ(format_rfc3339_utc(spdlog::log_clock::time_point{}), "1970-01-01T00:00:00.000Z");
}

TEST(LoggingTest, FormatterWritesOneJsonObjectPerLine) {
  JsonLogFormatter formatter;
  const std::string text = "quote \" backslash \\ newline \n done";
  spdlog::details::log_msg message("duckwire", spdlog::level::warn, text);
  spdlog::memory_buf_t buffer;
  formatter.format(message, buffer);
  const std::string line(buffer.data(), buffer.size());
  ASSERT_TRUE(line.ends_with("\n"));
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  const boost::json::object object = boost::json::parse(line).as_object();
  EXPECT_EQ(object.at("level").as_string(), "warn");
  EXPECT_EQ(object.at("message").as_string(), text);
  EXPECT_EQ(object.at("time").as_string().size(), std::string_view("2026-11-21T10:00:00.123Z").size());
}

TEST(LoggingTest, ParsesLevelsAndFormats) {
  for (const LogLevel level : {LogLevel::kTrace, LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarn,
                               LogLevel::kError, LogLevel::kOff}) {
    EXPECT_EQ(parse_log_level(to_string(level)), level);
  }
  EXPECT_FALSE(parse_log_level("warning").has_value());
  EXPECT_EQ(parse_log_format("json"), LogFormat::kJson);
  EXPECT_EQ(parse_log_format("text"), LogFormat::kText);
  EXPECT_FALSE(parse_log_format("JSON").has_value());
}

TEST(LoggingTest, ConfiguredJsonLoggingWritesToStderr) {
  testing::internal::CaptureStderr();
  configure_logging(LogLevel::kInfo, LogFormat::kJson);
  spdlog::debug("hidden");
  spdlog::info("visible {}", 42);
  spdlog::default_logger()->flush();
  const std::string output = testing::internal::GetCapturedStderr();
  configure_logging(LogLevel::kWarn, LogFormat::kText);
  EXPECT_EQ(output.find("hidden"), std::string::npos);
  const boost::json::object object = boost::json::parse(output).as_object();
  EXPECT_EQ(object.at("message").as_string(), "visible 42");
  EXPECT_EQ(object.at("level").as_string(), "info");
}

TEST(LoggingTest, ConfiguredTextLoggingWritesReadableLines) {
  testing::internal::CaptureStderr();
  configure_logging(LogLevel::kDebug, LogFormat::kText);
  spdlog::debug("shown at debug");
  spdlog::default_logger()->flush();
  const std::string output = testing::internal::GetCapturedStderr();
  configure_logging(LogLevel::kWarn, LogFormat::kText);
  EXPECT_NE(output.find("[debug] shown at debug"), std::string::npos) << output;
  EXPECT_TRUE(output.ends_with("Z [debug] shown at debug\n")) << output;
}

}  // namespace
}  // namespace duckwire
