#include "core/admission.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace duckwire {
namespace {

class AdmissionTest : public ::testing::Test {
 protected:
  Admission::Place enter(Admission& admission, AdmissionOwner owner, const std::string& name) {
    auto place = admission.enter(owner, Protocol::kSqlRooms, [this, name] { started.push_back(name); });
    EXPECT_TRUE(place.ok()) << name;
    if (place.ok() && place->running()) started.push_back(name);
    return std::move(place).value();
  }

  Metrics metrics;
  std::vector<std::string> started;
};

TEST_F(AdmissionTest, AnOwnerRunsAtMostItsLimitAndTheRestWait) {
  Admission admission({.running_total = 10, .running_per_owner = 2, .queued_per_owner = 8}, metrics);
  const AdmissionOwner owner = admission.new_owner();
  std::vector<Admission::Place> places;
  for (int i = 0; i < 5; ++i) places.push_back(enter(admission, owner, "q" + std::to_string(i)));
  EXPECT_EQ(started, (std::vector<std::string>{"q0", "q1"}));
  EXPECT_EQ(admission.running(), 2u);
  EXPECT_EQ(admission.queued(), 3u);
  places[0].leave();
  EXPECT_EQ(started.back(), "q2");
  EXPECT_EQ(admission.running(), 2u);
  EXPECT_EQ(admission.queued(), 2u);
}

TEST_F(AdmissionTest, AnotherOwnerRunsAtOnceWhileTheFirstHasManyWaiting) {
  Admission admission({.running_total = 4, .running_per_owner = 2, .queued_per_owner = 100}, metrics);
  const AdmissionOwner busy = admission.new_owner();
  const AdmissionOwner healthy = admission.new_owner();
  std::vector<Admission::Place> places;
  for (int i = 0; i < 20; ++i) places.push_back(enter(admission, busy, "busy"));
  places.push_back(enter(admission, healthy, "healthy"));
  EXPECT_EQ(started.back(), "healthy");
  EXPECT_TRUE(places.back().running());
}

TEST_F(AdmissionTest, AFreedPlaceGoesToTheOwnerWithTheFewestRunningNotTheOldestRequest) {
  Admission admission({.running_total = 3, .running_per_owner = 2, .queued_per_owner = 100}, metrics);
  const AdmissionOwner a = admission.new_owner();
  const AdmissionOwner b = admission.new_owner();
  const AdmissionOwner c = admission.new_owner();
  std::vector<Admission::Place> places;
  places.push_back(enter(admission, a, "a1"));
  places.push_back(enter(admission, a, "a2"));
  places.push_back(enter(admission, b, "b1"));  // the third and last running place
  for (int i = 0; i < 5; ++i) places.push_back(enter(admission, a, "a-waiting"));
  places.push_back(enter(admission, b, "b2"));
  places.push_back(enter(admission, c, "c1"));
  EXPECT_EQ(started, (std::vector<std::string>{"a1", "a2", "b1"}));
  places[0].leave();  // a1 ends: c has nothing running, a still one: c goes first, though a asked earlier
  EXPECT_EQ(started.back(), "c1");
  places[2].leave();  // b1 ends: b now runs nothing, a still one
  EXPECT_EQ(started.back(), "b2");
  places[1].leave();
  EXPECT_EQ(started.back(), "a-waiting");
}

TEST_F(AdmissionTest, TheGlobalLimitHoldsAcrossOwners) {
  Admission admission({.running_total = 3, .running_per_owner = 2, .queued_per_owner = 100}, metrics);
  std::vector<Admission::Place> places;
  for (int i = 0; i < 5; ++i) places.push_back(enter(admission, admission.new_owner(), "o"));
  EXPECT_EQ(admission.running(), 3u);
  EXPECT_EQ(admission.queued(), 2u);
}

TEST_F(AdmissionTest, AWaitingPlaceGivenUpLeavesTheQueueWithoutRunning) {
  Admission admission({.running_total = 1, .running_per_owner = 1, .queued_per_owner = 100}, metrics);
  const AdmissionOwner owner = admission.new_owner();
  auto first = enter(admission, owner, "first");
  auto second = enter(admission, owner, "second");
  auto third = enter(admission, owner, "third");
  second.leave();
  first.leave();
  EXPECT_EQ(started, (std::vector<std::string>{"first", "third"}));
  EXPECT_EQ(admission.queued(), 0u);
}

TEST_F(AdmissionTest, TryEnterRunsAtOnceOrNeverQueues) {
  Admission admission({.running_total = 2, .running_per_owner = 1, .queued_per_owner = 100}, metrics);
  const AdmissionOwner a = admission.new_owner();
  const AdmissionOwner b = admission.new_owner();
  auto first = admission.try_enter(a, Protocol::kSqlRooms);
  ASSERT_TRUE(first && first->running());
  EXPECT_FALSE(admission.try_enter(a, Protocol::kSqlRooms));  // a's own limit
  auto other = admission.try_enter(b, Protocol::kSqlRooms);
  ASSERT_TRUE(other);
  EXPECT_FALSE(admission.try_enter(admission.new_owner(), Protocol::kSqlRooms));  // the server's limit
  EXPECT_EQ(admission.queued(), 0u);
  auto waiting = enter(admission, a, "waiting");
  first->leave();
  EXPECT_EQ(started, (std::vector<std::string>{"waiting"}));
  EXPECT_EQ(admission.running(), 2u);
}

TEST_F(AdmissionTest, APausedStatementFreesItsServerPlaceButKeepsItsOwnersShare) {
  Admission admission({.running_total = 1, .running_per_owner = 1, .queued_per_owner = 100}, metrics);
  const AdmissionOwner slow = admission.new_owner();
  auto reading = enter(admission, slow, "slow");
  auto second = enter(admission, slow, "slow-second");
  auto healthy = enter(admission, admission.new_owner(), "healthy");
  reading.pause();  // its client stops reading: another owner runs, not the slow owner's next statement
  EXPECT_EQ(started.back(), "healthy");
  EXPECT_FALSE(reading.try_resume());
  EXPECT_FALSE(reading.resume([this] { started.push_back("slow-again"); }));
  healthy.leave();  // the resumed statement goes before its owner's waiting one
  EXPECT_EQ(started.back(), "slow-again");
  EXPECT_TRUE(reading.running());
  reading.leave();
  EXPECT_EQ(started.back(), "slow-second");
  EXPECT_EQ(admission.queued(), 0u);
}

TEST_F(AdmissionTest, AFullQueueRefusesWithAClearError) {
  Admission admission({.running_total = 1, .running_per_owner = 1, .queued_per_owner = 2}, metrics);
  const AdmissionOwner owner = admission.new_owner();
  std::vector<Admission::Place> places;
  for (int i = 0; i < 3; ++i) places.push_back(enter(admission, owner, "q"));
  auto refused = admission.enter(owner, Protocol::kSqlRooms, [] {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(refused.error().message.find("too many queries"), std::string::npos);
  // Another owner is not affected.
  EXPECT_TRUE(admission.enter(admission.new_owner(), Protocol::kSqlRooms, [] {}).ok());
}

TEST_F(AdmissionTest, MetricsShowQueuedAndRunningStatements) {
  Admission admission({.running_total = 1, .running_per_owner = 1, .queued_per_owner = 10}, metrics);
  const AdmissionOwner owner = admission.new_owner();
  auto first = enter(admission, owner, "first");
  auto second = enter(admission, owner, "second");
  const std::string text = metrics.render_prometheus();
  EXPECT_NE(text.find("duckwire_statements_running{protocol=\"sqlrooms\"} 1"), std::string::npos) << text;
  EXPECT_NE(text.find("duckwire_statements_queued{protocol=\"sqlrooms\"} 1"), std::string::npos) << text;
  first.leave();
  second.leave();
  const std::string after = metrics.render_prometheus();
  EXPECT_NE(after.find("duckwire_statements_running{protocol=\"sqlrooms\"} 0"), std::string::npos);
  EXPECT_NE(after.find("duckwire_statements_queued{protocol=\"sqlrooms\"} 0"), std::string::npos);
}

}  // namespace
}  // namespace duckwire
