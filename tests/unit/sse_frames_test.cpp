#include "protocols/stream/sse_frames.hpp"

#include <gtest/gtest.h>

namespace duckwire::stream {
namespace {

TEST(SseFrames, AnEventIsIdTypeAndDataLines) {
  EXPECT_EQ(sse_event(7, "schedule_executed", R"({"a":1})"),
            "id: 7\nevent: schedule_executed\ndata: {\"a\":1}\n\n");
}

TEST(SseFrames, EachLineOfDataHasItsOwnDataField) {
  EXPECT_EQ(sse_event(1, "t", "a\nb"), "id: 1\nevent: t\ndata: a\ndata: b\n\n");
}

TEST(SseFrames, ACommentStartsWithAColon) {
  EXPECT_EQ(sse_comment("keep-alive"), ": keep-alive\n\n");
}

TEST(SseFrames, TheFilterDefaultsToEveryType) {
  auto all = parse_event_filter(std::nullopt);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all.value(), (std::vector<std::string>{"query_completed", "schedule_executed"}));
  auto empty = parse_event_filter("");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->size(), 2u);
}

TEST(SseFrames, TheFilterKeepsTheTypesNamed) {
  auto one = parse_event_filter("schedule_executed");
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one.value(), (std::vector<std::string>{"schedule_executed"}));
  auto two = parse_event_filter(" schedule_executed , query_completed,schedule_executed");
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(two.value(), (std::vector<std::string>{"schedule_executed", "query_completed"}));
}

TEST(SseFrames, TheFilterNamesAnUnknownType) {
  auto unknown = parse_event_filter("schedule_executed,query_started");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("'query_started'"), std::string::npos);
}

TEST(SseFrames, LastEventIdIsAWholeNumber) {
  EXPECT_EQ(parse_last_event_id("42").value(), 42u);
  EXPECT_EQ(parse_last_event_id(" 1795000000000000 ").value(), 1795000000000000u);
  for (const char* bad : {"", "abc", "-1", "1.5", "99999999999999999999999"}) {
    EXPECT_FALSE(parse_last_event_id(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace duckwire::stream
