#include "core/credential_checker.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

namespace duckwire {
namespace {

using Kind = CredentialVerdict::Kind;

class CredentialCheckerTest : public ::testing::Test {
 protected:
  CredentialVerdict run(boost::asio::awaitable<CredentialVerdict> check) {
    boost::asio::io_context io;
    auto verdict = boost::asio::co_spawn(io, std::move(check), boost::asio::use_future);
    io.run();
    return verdict.get();
  }

  Authenticator auth_{{}, {{"alice", "wonderland"}}};
  WorkerPool workers_{1};
  CredentialChecker checker_{auth_, workers_, {.free_failures = 0, .first_lockout = std::chrono::seconds(30)}};
};

TEST_F(CredentialCheckerTest, ALockedOutAddressIsRefusedUncheckedByCheck) {
  EXPECT_EQ(run(checker_.check(BasicCredentials{"alice", "guess"}, "10.0.0.1")).kind, Kind::kDenied);
  EXPECT_GT(checker_.lockout_left("10.0.0.1"), std::chrono::seconds(29));
  EXPECT_EQ(run(checker_.check(BasicCredentials{"alice", "wonderland"}, "10.0.0.1")).kind, Kind::kLockedOut);
}

TEST_F(CredentialCheckerTest, CheckDespiteLockoutLetsTheRightPasswordInAndForgivesTheAddress) {
  run(checker_.check(BasicCredentials{"alice", "guess"}, "10.0.0.1"));
  EXPECT_EQ(run(checker_.check_despite_lockout(BasicCredentials{"alice", "guess-2"}, "10.0.0.1")).kind,
            Kind::kDenied);
  EXPECT_GT(checker_.lockout_left("10.0.0.1"), std::chrono::seconds(59));  // twice as long
  const auto granted = run(checker_.check_despite_lockout(BasicCredentials{"alice", "wonderland"}, "10.0.0.1"));
  EXPECT_EQ(granted.kind, Kind::kGranted);
  EXPECT_EQ(granted.principal, "user:alice");
  EXPECT_EQ(checker_.lockout_left("10.0.0.1"), FailedLogins::Clock::duration::zero());
}

TEST_F(CredentialCheckerTest, CheckHereDerivesOnTheCallersThreadAndHonoursTheLockout) {
  const auto granted = checker_.check_here(BasicCredentials{"alice", "wonderland"}, "10.0.0.2");
  EXPECT_EQ(granted.kind, Kind::kGranted);
  EXPECT_EQ(granted.principal, "user:alice");
  EXPECT_EQ(checker_.check_here(BasicCredentials{"alice", "guess"}, "10.0.0.2").kind, Kind::kDenied);
  EXPECT_EQ(checker_.check_here(BasicCredentials{"bob", "x"}, "10.0.0.2").kind, Kind::kLockedOut);
  // A password verified a moment ago passes even from a locked-out address.
  EXPECT_EQ(checker_.check_here(BasicCredentials{"alice", "wonderland"}, "10.0.0.2").kind, Kind::kGranted);
}

}  // namespace
}  // namespace duckwire
