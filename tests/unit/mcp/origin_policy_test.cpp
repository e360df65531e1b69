// Host and Origin checks against DNS rebinding (2025-11-25 basic/transports § Security Warning).
#include "transport/origin_policy.hpp"

#include <gtest/gtest.h>

using conhub::mcp::detail::OriginPolicy;

namespace {

OriginPolicy loopback_policy(std::vector<std::string> origins = {}, std::vector<std::string> hosts = {}) {
  return OriginPolicy(true, "127.0.0.1", std::move(hosts), std::move(origins), false);
}

}  // namespace

TEST(OriginPolicy, LoopbackServerAcceptsLoopbackHostsWithAnyPort) {
  auto policy = loopback_policy();
  for (const char* host : {"127.0.0.1:8765", "localhost:3000", "localhost", "[::1]:8765", "127.0.0.1"})
    EXPECT_TRUE(policy.host_allowed(host)) << host;
}

TEST(OriginPolicy, LoopbackServerRefusesARebindingHost) {
  auto policy = loopback_policy();
  for (const char* host : {"evil.example.com", "evil.example.com:8765", "127.0.0.1.evil.example.com", "10.0.0.1:8765"})
    EXPECT_FALSE(policy.host_allowed(host)) << host;
}

TEST(OriginPolicy, AllowedHostsExtendTheDefaults) {
  auto policy = loopback_policy({}, {"mcp.internal:443", "proxy.local"});
  EXPECT_TRUE(policy.host_allowed("mcp.internal:443"));
  EXPECT_TRUE(policy.host_allowed("proxy.local:8080"));
  EXPECT_FALSE(policy.host_allowed("mcp.internal:444"));
}

TEST(OriginPolicy, MissingOriginIsAllowedForNonBrowserClients) {
  EXPECT_TRUE(loopback_policy().origin_allowed(""));
}

TEST(OriginPolicy, NullAndForeignOriginsAreRefused) {
  auto policy = loopback_policy();
  EXPECT_FALSE(policy.origin_allowed("null"));
  EXPECT_FALSE(policy.origin_allowed("http://evil.example.com"));
  EXPECT_FALSE(policy.origin_allowed("https://localhost.evil.example.com"));
  EXPECT_FALSE(policy.origin_allowed("file://localhost"));
  EXPECT_FALSE(policy.origin_allowed("not a url"));
}

TEST(OriginPolicy, LoopbackOriginsAreAllowedWhileBoundToLoopback) {
  auto policy = loopback_policy();
  EXPECT_TRUE(policy.origin_allowed("http://localhost:5173"));
  EXPECT_TRUE(policy.origin_allowed("http://127.0.0.1:8765"));
  EXPECT_TRUE(policy.origin_allowed("HTTP://LOCALHOST"));
  EXPECT_TRUE(policy.origin_allowed("http://[::1]:3000"));
}

TEST(OriginPolicy, ConfiguredOriginsMatchExactlyIgnoringCase) {
  auto policy = loopback_policy({"https://app.example.com"});
  EXPECT_TRUE(policy.origin_allowed("https://APP.example.com"));
  EXPECT_FALSE(policy.origin_allowed("https://app.example.com:8443"));
  EXPECT_FALSE(policy.origin_allowed("http://app.example.com"));
}

TEST(OriginPolicy, PublicServerAcceptsItsOwnHostOnly) {
  OriginPolicy policy(false, "mcp.example.com", {}, {}, false);
  EXPECT_TRUE(policy.host_allowed("mcp.example.com:8765"));
  EXPECT_FALSE(policy.host_allowed("localhost:8765"));
  EXPECT_FALSE(policy.origin_allowed("http://localhost:5173"));  // loopback origins only on loopback
}

TEST(OriginPolicy, AuthenticatedServerWithoutAllowListAcceptsAnyHost) {
  OriginPolicy policy(false, "0.0.0.0", {}, {}, true);
  EXPECT_TRUE(policy.host_allowed("203.0.113.7:8765"));
  EXPECT_FALSE(policy.origin_allowed("http://evil.example.com"));  // Origin is still checked
}
