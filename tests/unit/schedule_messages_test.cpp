#include "protocols/stream/schedule_messages.hpp"

#include <gtest/gtest.h>

#include <string>

namespace duckwire::stream {
namespace {

std::string refusal(std::string_view body) {
  auto parsed = parse_schedule_body(body);
  EXPECT_FALSE(parsed.ok()) << body;
  if (parsed.ok()) return {};
  EXPECT_EQ(parsed.error().kind, ErrorKind::kInvalidInput);
  return parsed.error().message;
}

TEST(ScheduleBody, ReadsAValidSchedule) {
  auto parsed = parse_schedule_body(R"({"name": "tick", "sql": "SELECT 1", "every_seconds": 5})");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->name, "tick");
  EXPECT_EQ(parsed->sql, "SELECT 1");
  EXPECT_EQ(parsed->every_seconds, 5);
}

TEST(ScheduleBody, TakesAWholeNumberWrittenAsAFloat) {
  auto parsed = parse_schedule_body(R"({"name": "t", "sql": "SELECT 1", "every_seconds": 60.0})");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->every_seconds, 60);
}

TEST(ScheduleBody, NamesTheMissingField) {
  EXPECT_EQ(refusal(R"({"sql": "SELECT 1", "every_seconds": 5})"), "name is missing");
  EXPECT_EQ(refusal(R"({"name": "t", "every_seconds": 5})"), "sql is missing");
  EXPECT_NE(refusal(R"({"name": "t", "sql": "SELECT 1"})").find("every_seconds is missing"),
            std::string::npos);
}

TEST(ScheduleBody, NamesTheFieldOfTheWrongType) {
  EXPECT_EQ(refusal(R"({"name": 7, "sql": "SELECT 1", "every_seconds": 5})"), "name must be a string");
  EXPECT_EQ(refusal(R"({"name": "t", "sql": ["SELECT 1"], "every_seconds": 5})"), "sql must be a string");
  EXPECT_NE(refusal(R"({"name": "t", "sql": "SELECT 1", "every_seconds": "5"})")
                .find("every_seconds must be a number"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"name": "t", "sql": "SELECT 1", "every_seconds": true})").find("every_seconds"),
            std::string::npos);
}

TEST(ScheduleBody, RefusesIntervalsOutsideOneSecondToAYear) {
  for (const char* every : {"0", "-1", "0.5", "1.5", "31536001", "1e300", "18446744073709551615"}) {
    const std::string body =
        std::string(R"({"name": "t", "sql": "SELECT 1", "every_seconds": )") + every + "}";
    EXPECT_EQ(refusal(body), "every_seconds must be a whole number of seconds from 1 to 31536000") << every;
  }
  EXPECT_TRUE(parse_schedule_body(R"({"name": "t", "sql": "SELECT 1", "every_seconds": 31536000})").ok());
  EXPECT_TRUE(parse_schedule_body(R"({"name": "t", "sql": "SELECT 1", "every_seconds": 1})").ok());
}

TEST(ScheduleBody, RefusesEmptyNamesAndSql) {
  EXPECT_EQ(refusal(R"({"name": "", "sql": "SELECT 1", "every_seconds": 5})"), "name must not be empty");
  EXPECT_EQ(refusal(R"({"name": "t", "sql": " ; ", "every_seconds": 5})"), "sql must not be empty");
  EXPECT_NE(refusal(R"({"name": ")" + std::string(201, 'n') + R"(", "sql": "SELECT 1", "every_seconds": 5})")
                .find("name must be at most 200 bytes"),
            std::string::npos);
}

TEST(ScheduleBody, RefusesWhatIsNotAJsonObject) {
  EXPECT_NE(refusal("[1, 2]").find("JSON object"), std::string::npos);
  EXPECT_NE(refusal("{\"name\": ").find("JSON object"), std::string::npos);
  EXPECT_NE(refusal("").find("JSON object"), std::string::npos);
}

TEST(ScheduleJson, ShowsTheLastRunAndTheNextOne) {
  ScheduleState state;
  state.definition = {3, {"nightly", "SELECT 1", 86400}, "user:ann"};
  state.persisted = true;
  state.runs = 2;
  state.failures = 1;
  state.next_run_at = std::chrono::system_clock::time_point(std::chrono::milliseconds(1'795'000'000'123));
  boost::json::object before = schedule_json(state);
  EXPECT_EQ(before["schedule_id"].as_int64(), 3);
  EXPECT_EQ(before["every_seconds"].as_int64(), 86400);
  EXPECT_TRUE(before["last_run_at"].is_null());
  EXPECT_TRUE(before["last_status"].is_null());
  EXPECT_EQ(before["next_run_at"].as_string(), "2026-11-18T11:06:40.123Z");

  ScheduleRun run;
  run.success = false;
  run.error = "Catalog Error: no table";
  run.started_at = state.next_run_at;
  state.last_run = run;
  boost::json::object after = schedule_json(state);
  EXPECT_EQ(after["last_status"].as_string(), "failed");
  EXPECT_EQ(after["last_error"].as_string(), "Catalog Error: no table");
  EXPECT_EQ(after["last_rows"].as_int64(), 0);
  EXPECT_EQ(after["runs"].as_uint64(), 2u);
}

TEST(ScheduleJson, TheExecutedEventHasAnErrorOnlyOnFailure) {
  const ScheduleDefinition definition{4, {"t", "SELECT 1", 1}, ""};
  ScheduleRun run;
  run.success = true;
  run.rows_returned = 3;
  boost::json::object ok = schedule_executed_data(definition, run);
  EXPECT_EQ(ok["schedule_id"].as_int64(), 4);
  EXPECT_EQ(ok["schedule_name"].as_string(), "t");
  EXPECT_TRUE(ok["success"].as_bool());
  EXPECT_EQ(ok["rows_returned"].as_int64(), 3);
  EXPECT_FALSE(ok.contains("error"));
  run.success = false;
  run.error = "boom";
  EXPECT_EQ(schedule_executed_data(definition, run)["error"].as_string(), "boom");
}

}  // namespace
}  // namespace duckwire::stream
