#include "core/failed_logins.hpp"
#include "core/verified_passwords.hpp"

#include <gtest/gtest.h>

namespace duckwire {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(FailedLoginsTest, LocksOutAfterTheFreeFailuresForTwiceAsLongEachTime) {
  FailedLogins logins(
      {.free_failures = 2, .first_lockout = milliseconds(100), .max_lockout = milliseconds(250)});
  const auto start = FailedLogins::Clock::now();
  logins.failed("10.0.0.1", start);
  logins.failed("10.0.0.1", start);
  EXPECT_EQ(logins.lockout("10.0.0.1", start), FailedLogins::Clock::duration::zero());
  logins.failed("10.0.0.1", start);
  EXPECT_EQ(logins.lockout("10.0.0.1", start), milliseconds(100));
  logins.failed("10.0.0.1", start);
  EXPECT_EQ(logins.lockout("10.0.0.1", start), milliseconds(200));
  logins.failed("10.0.0.1", start);
  EXPECT_EQ(logins.lockout("10.0.0.1", start), milliseconds(250));  // the ceiling
  EXPECT_EQ(logins.lockout("10.0.0.1", start + milliseconds(250)), FailedLogins::Clock::duration::zero());
  EXPECT_EQ(logins.lockout("10.0.0.2", start), FailedLogins::Clock::duration::zero());
  logins.succeeded("10.0.0.1");
  logins.failed("10.0.0.1", start);
  EXPECT_EQ(logins.lockout("10.0.0.1", start), FailedLogins::Clock::duration::zero());
}

TEST(FailedLoginsTest, ForgetsTheOldestAddressWhenFull) {
  FailedLogins logins({.free_failures = 0, .first_lockout = seconds(10), .max_addresses = 2});
  const auto start = FailedLogins::Clock::now();
  logins.failed("a", start);
  logins.failed("b", start + milliseconds(1));
  logins.failed("c", start + milliseconds(2));
  EXPECT_EQ(logins.lockout("a", start + milliseconds(3)), FailedLogins::Clock::duration::zero());
  EXPECT_GT(logins.lockout("b", start + milliseconds(3)), seconds(9));
  EXPECT_GT(logins.lockout("c", start + milliseconds(3)), seconds(9));
}

TEST(VerifiedPasswordsTest, RemembersOnlyTheVerifiedPasswordAndForgetsAfterTheTtl) {
  VerifiedPasswords verified(seconds(30), 2);
  const auto now = VerifiedPasswords::Clock::now();
  verified.remember("alice", "secret", now);
  EXPECT_TRUE(verified.contains("alice", "secret", now + seconds(29)));
  EXPECT_FALSE(verified.contains("alice", "secret", now + seconds(30)));
  EXPECT_FALSE(verified.contains("alice", "wrong", now));
  EXPECT_FALSE(verified.contains("alicesecret", "", now));
  EXPECT_FALSE(verified.contains("bob", "secret", now));
}

TEST(VerifiedPasswordsTest, StaysWithinItsCapacity) {
  VerifiedPasswords verified(seconds(30), 2);
  const auto now = VerifiedPasswords::Clock::now();
  verified.remember("a", "1", now);
  verified.remember("b", "2", now + seconds(1));
  verified.remember("c", "3", now + seconds(2));
  EXPECT_FALSE(verified.contains("a", "1", now + seconds(3)));  // expired first, made room
  EXPECT_TRUE(verified.contains("b", "2", now + seconds(3)));
  EXPECT_TRUE(verified.contains("c", "3", now + seconds(3)));
}

}  // namespace
}  // namespace duckwire
