#include "http/origin_policy.hpp"

#include <gtest/gtest.h>

namespace duckwire::http {
namespace {

HttpRequest request_with(std::vector<std::pair<std::string, std::string>> headers) {
  HttpRequest request;
  request.method = "POST";
  request.path = "/sql";
  request.headers = std::move(headers);
  return request;
}

TEST(OriginPolicyTest, LoopbackBindingAcceptsLoopbackNamesWithOrWithoutPort) {
  const OriginPolicy policy({"127.0.0.1", {}, {}});
  for (const char* host :
       {"localhost", "localhost:4000", "127.0.0.1:4000", "[::1]:4000", "[::1]", "LOCALHOST"})
    EXPECT_TRUE(policy.host_allowed(host)) << host;
  for (const char* host :
       {"evil.example", "evil.example:4000", "127.0.0.1.evil.example", "192.168.1.5:4000", ""})
    EXPECT_FALSE(policy.host_allowed(host)) << host;
}

TEST(OriginPolicyTest, BoundAddressAndAddedNamesAreAccepted) {
  const OriginPolicy policy({"127.0.0.2", {"duck.internal"}, {}});
  EXPECT_TRUE(policy.host_allowed("127.0.0.2:4000"));
  EXPECT_TRUE(policy.host_allowed("duck.internal:4000"));
  EXPECT_FALSE(policy.host_allowed("other.internal"));
  EXPECT_TRUE(OriginPolicy({"127.0.0.1", {"*"}, {}}).host_allowed("anything.example"));
}

TEST(OriginPolicyTest, WildcardBindingChecksHostsOnlyWhenNamesAreGiven) {
  EXPECT_TRUE(OriginPolicy({"0.0.0.0", {}, {}}).host_allowed("db.example:4000"));
  const OriginPolicy named({"::", {"db.example"}, {}});
  EXPECT_TRUE(named.host_allowed("db.example:4000"));
  EXPECT_FALSE(named.host_allowed("rebound.example:4000"));
}

TEST(OriginPolicyTest, LoopbackPagesOnAnyPortAreAllowedOrigins) {
  const OriginPolicy policy({"127.0.0.1", {}, {}});
  for (const char* origin :
       {"http://localhost:5173", "https://localhost", "http://127.0.0.1:8080", "http://[::1]:3000"})
    EXPECT_TRUE(policy.origin_allowed(origin)) << origin;
  for (const char* origin : {"https://evil.example", "http://localhost.evil.example", "null", "file://",
                             "http://127.0.0.2:8000", "ws://localhost:5173", "http://user@localhost"})
    EXPECT_FALSE(policy.origin_allowed(origin)) << origin;
}

TEST(OriginPolicyTest, CorsOriginsAddExactOriginsOrEveryOne) {
  const OriginPolicy policy({"127.0.0.1", {}, {"https://app.example"}});
  EXPECT_TRUE(policy.origin_allowed("https://app.example"));
  EXPECT_FALSE(policy.origin_allowed("https://app.example:8443"));
  EXPECT_FALSE(policy.origin_allowed("http://app.example"));
  EXPECT_TRUE(OriginPolicy({"127.0.0.1", {}, {"*"}}).origin_allowed("https://anyone.example"));
}

TEST(OriginPolicyTest, ChecksRefuseForeignRequestsAndLetNonBrowsersThrough) {
  const OriginPolicy policy({"127.0.0.1", {}, {}});
  EXPECT_FALSE(policy.check(request_with({{"host", "127.0.0.1:4000"}})).has_value());
  EXPECT_FALSE(policy.check(request_with({})).has_value());
  EXPECT_FALSE(policy.check(request_with({{"host", "localhost:4000"}, {"origin", "http://localhost:5173"}})));
  EXPECT_FALSE(policy.check(request_with({{"host", "localhost:4000"}, {"sec-fetch-site", "none"}})));

  auto host = policy.check(request_with({{"host", "rebind.example:4000"}}));
  ASSERT_TRUE(host.has_value());
  EXPECT_EQ(host->reason.rfind("host not allowed: rebind.example:4000", 0), 0u) << host->reason;
  auto origin = policy.check(request_with({{"host", "127.0.0.1:4000"}, {"origin", "https://evil.example"}}));
  ASSERT_TRUE(origin.has_value());
  EXPECT_EQ(origin->reason.rfind("origin not allowed: https://evil.example", 0), 0u) << origin->reason;
  EXPECT_TRUE(policy.check(request_with({{"host", "127.0.0.1:4000"}, {"sec-fetch-site", "cross-site"}})));
}

TEST(OriginPolicyTest, AllowOriginEchoesAnAllowedOriginOnly) {
  const OriginPolicy policy({"127.0.0.1", {}, {}});
  EXPECT_EQ(policy.allow_origin(request_with({{"origin", "http://localhost:5173"}})),
            "http://localhost:5173");
  EXPECT_EQ(policy.allow_origin(request_with({{"origin", "https://evil.example"}})), std::nullopt);
  EXPECT_EQ(policy.allow_origin(request_with({})), std::nullopt);
  EXPECT_EQ(
      OriginPolicy({"127.0.0.1", {}, {"*"}}).allow_origin(request_with({{"origin", "https://a.example"}})),
      "*");
}

}  // namespace
}  // namespace duckwire::http
