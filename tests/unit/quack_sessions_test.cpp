#include <gtest/gtest.h>

#include <set>

#include "duckdb_test_support.hpp"
#include "protocols/quack/quack_sessions.hpp"

namespace duckwire::quack {
namespace {

class QuackSessionsTest : public ::testing::Test {
 protected:
  std::shared_ptr<QuackConnection> session() {
    auto connection = std::make_shared<QuackConnection>();
    connection->session = engine_.another_session();
    return connection;
  }

  TestEngine engine_;
  Clock::time_point start_ = Clock::now();
};

TEST_F(QuackSessionsTest, IdsAreUnguessableAndFindTheirSession) {
  QuackSessions sessions(10, std::chrono::seconds(60));
  std::set<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    auto id = sessions.add(session(), start_);
    ASSERT_TRUE(id.ok());
    EXPECT_EQ(id.value().size(), 32u);
    EXPECT_EQ(id.value().find_first_not_of("0123456789abcdef"), std::string::npos);
    ids.insert(id.value());
  }
  EXPECT_EQ(ids.size(), 5u);
  EXPECT_NE(sessions.find(*ids.begin(), start_), nullptr);
  EXPECT_EQ(sessions.find("0123456789abcdef0123456789abcdef", start_), nullptr);
  EXPECT_NE(sessions.remove(*ids.begin()), nullptr);
  EXPECT_EQ(sessions.find(*ids.begin(), start_), nullptr);
  EXPECT_EQ(sessions.remove(*ids.begin()), nullptr);
}

TEST_F(QuackSessionsTest, TheNumberOfConnectionsIsBounded) {
  QuackSessions sessions(2, std::chrono::seconds(60));
  ASSERT_TRUE(sessions.add(session(), start_).ok());
  ASSERT_TRUE(sessions.add(session(), start_).ok());
  auto third = sessions.add(session(), start_);
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().message, "too many Quack connections: the server holds 2 already");
}

TEST_F(QuackSessionsTest, IdleConnectionsAreTakenOutAndUseKeepsThemAlive) {
  QuackSessions sessions(10, std::chrono::seconds(30));
  const std::string idle = sessions.add(session(), start_).value();
  const std::string used = sessions.add(session(), start_).value();
  ASSERT_NE(sessions.find(used, start_ + std::chrono::seconds(20)), nullptr);
  const auto taken = sessions.take_idle(start_ + std::chrono::seconds(40));
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(sessions.find(idle, start_ + std::chrono::seconds(40)), nullptr);
  EXPECT_NE(sessions.find(used, start_ + std::chrono::seconds(40)), nullptr);
  EXPECT_EQ(sessions.size(), 1u);
}

TEST_F(QuackSessionsTest, AConnectionInUseIsNotIdleHoweverLongItsRequestRuns) {
  QuackSessions sessions(10, std::chrono::seconds(30));
  const std::string id = sessions.add(session(), start_).value();
  const auto connection = sessions.find(id, start_);
  {
    std::lock_guard busy(connection->busy);
    EXPECT_TRUE(sessions.take_idle(start_ + std::chrono::seconds(40)).empty());
    sessions.release(*connection, start_ + std::chrono::seconds(50));
  }
  EXPECT_TRUE(sessions.take_idle(start_ + std::chrono::seconds(60)).empty());
  EXPECT_EQ(sessions.take_idle(start_ + std::chrono::seconds(90)).size(), 1u);
}

}  // namespace
}  // namespace duckwire::quack
