#include "core/event_backlog.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace duckwire {
namespace {

class Listener : public EventListener {
 public:
  void on_event(const EventPointer& event) override { ids.push_back(event->id); }
  std::vector<uint64_t> ids;
};

std::vector<uint64_t> ids_of(const std::vector<EventPointer>& events) {
  std::vector<uint64_t> ids;
  for (const auto& event : events) ids.push_back(event->id);
  return ids;
}

TEST(EventBacklog, NumbersEventsFromTheFirstId) {
  EventBacklog backlog(100);
  auto listener = std::make_shared<Listener>();
  EXPECT_TRUE(backlog.listen(listener, std::nullopt).empty());
  backlog.record("schedule_executed", {}, {}, R"({"a":1})");
  backlog.record("query_completed", {}, {}, R"({"b":2})");
  EXPECT_EQ(listener->ids, (std::vector<uint64_t>{100, 101}));
}

TEST(EventBacklog, ReplaysOnlyTheEventsAfterTheLastSeen) {
  EventBacklog backlog(1);
  for (int i = 0; i < 5; ++i) backlog.record("schedule_executed", {}, {}, "{}");
  auto listener = std::make_shared<Listener>();
  EXPECT_EQ(ids_of(backlog.listen(listener, 3)), (std::vector<uint64_t>{4, 5}));
  EXPECT_TRUE(backlog.listen(std::make_shared<Listener>(), 5).empty());
  // An id of an earlier run (smaller than every kept one) replays everything kept.
  EXPECT_EQ(ids_of(backlog.listen(std::make_shared<Listener>(), 0)).size(), 5u);
  backlog.record("schedule_executed", {}, {}, "{}");
  EXPECT_EQ(listener->ids, (std::vector<uint64_t>{6}));
}

TEST(EventBacklog, KeepsTheLastEventsOnly) {
  EventBacklog backlog(1);
  for (size_t i = 0; i < EventBacklog::kMaxEvents + 10; ++i)
    backlog.record("schedule_executed", {}, {}, "{}");
  EXPECT_EQ(backlog.size(), EventBacklog::kMaxEvents);
  const auto replay = backlog.listen(std::make_shared<Listener>(), 0);
  ASSERT_FALSE(replay.empty());
  EXPECT_EQ(replay.front()->id, 11u);
}

TEST(EventBacklog, IsBoundedInBytes) {
  EventBacklog backlog(1);
  const std::string large(EventBacklog::kMaxBytes / 4, 'x');
  for (int i = 0; i < 10; ++i) backlog.record("schedule_executed", {}, {}, large);
  EXPECT_LE(backlog.size(), 4u);
  EXPECT_GE(backlog.size(), 3u);
}

TEST(EventBacklog, ForgottenListenersGetNothing) {
  EventBacklog backlog(1);
  auto listener = std::make_shared<Listener>();
  (void)backlog.listen(listener, std::nullopt);
  backlog.forget(listener.get());
  backlog.record("schedule_executed", {}, {}, "{}");
  EXPECT_TRUE(listener->ids.empty());
}

TEST(EventBacklog, KeepsBothReadingsOfAnOwnersEvent) {
  ServerEvents events(true);
  auto backlog = EventBacklog::attach(events, 1);
  QueryCompleted completed;
  completed.sql = "SELECT 'secret'";
  completed.principal = "user:ann";
  completed.success = true;
  events.query_completed(completed);
  const auto replay = backlog->listen(std::make_shared<Listener>(), 0);
  ASSERT_EQ(replay.size(), 1u);
  EXPECT_EQ(replay[0]->type, "query_completed");
  EXPECT_NE(replay[0]->data_for("user:ann").find("secret"), std::string::npos);
  EXPECT_EQ(replay[0]->data_for("user:bob").find("secret"), std::string::npos);
  EXPECT_EQ(replay[0]->data_for("").find("secret"), std::string::npos);
}

TEST(EventBacklog, HearsScheduleEvents) {
  ServerEvents events(false);
  auto backlog = EventBacklog::attach(events, 1);
  events.publish(ServerEvents::kScheduleExecuted, std::string(R"({"schedule_id":1})"));
  const auto replay = backlog->listen(std::make_shared<Listener>(), 0);
  ASSERT_EQ(replay.size(), 1u);
  EXPECT_EQ(replay[0]->data_for("anyone"), R"({"schedule_id":1})");
}

}  // namespace
}  // namespace duckwire
