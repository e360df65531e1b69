// HttpClient features the web connector relies on, against the fake web site: absolute
// targets without a base URL, 3xx answers handed back when redirects are not followed, and
// the check_address hook (sees the resolved address and the host as written, refuses before
// any byte is sent, is not retried, and bypasses proxies from the environment).
#include <netinet/in.h>

#include <cstdlib>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "fake_website.hpp"
#include "http/http_client.hpp"

namespace conhub::connectors {
namespace {

using namespace std::chrono_literals;

HttpClientConfig quick() {
  HttpClientConfig config;
  config.connect_timeout = 2s;
  config.request_timeout = 5s;
  config.retry = {.max_attempts = 4, .base_delay = 1ms, .max_delay = 5ms, .max_total_wait = 100ms};
  return config;
}

class HttpClientAddressCheck : public ::testing::Test {
 protected:
  void SetUp() override { site_.start(); }
  test::FakeWebsite site_;
};

TEST_F(HttpClientAddressCheck, WithoutABaseUrlTargetsMustBeAbsolute) {
  HttpClient client(quick());
  auto ok = client.get(site_.base_url() + "/about.html");
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->status, 200);
  auto relative = client.get("/about.html");
  ASSERT_FALSE(relative);
  EXPECT_EQ(relative.error().kind, ApiErrorKind::kBadRequest);
}

TEST_F(HttpClientAddressCheck, ARedirectIsReturnedWhenNotFollowing) {
  auto config = quick();
  config.follow_redirects = false;
  HttpClient manual(config);
  auto r = manual.get(site_.base_url() + "/redirect/301");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, 301);
  EXPECT_EQ(r->headers.get("location").value_or(""), "/docs/a.html");
  HttpClient following(quick());
  EXPECT_EQ(following.get(site_.base_url() + "/redirect/301")->status, 200);
}

TEST_F(HttpClientAddressCheck, TheCheckSeesTheResolvedAddressAndTheHostAsWritten) {
  std::mutex mutex;
  std::vector<std::pair<std::string, std::string>> seen;  // host, address
  auto config = quick();
  config.check_address = [&](std::string_view host, const sockaddr* address, socklen_t) -> std::optional<std::string> {
    char text[64] = {};
    if (address->sa_family == AF_INET) {
      const auto* in = reinterpret_cast<const sockaddr_in*>(address);
      const auto a = ntohl(in->sin_addr.s_addr);
      std::snprintf(text, sizeof text, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
    }
    std::lock_guard lock(mutex);
    seen.emplace_back(std::string(host), text);
    return std::nullopt;
  };
  HttpClient client(config);
  auto r = client.get("http://0x7f000001:" + std::to_string(site_.port()) + "/about.html");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].first, "0x7f000001");
  EXPECT_EQ(seen[0].second, "127.0.0.1");
}

TEST_F(HttpClientAddressCheck, ARefusalFailsAtOnceWithKindRefusedAndSendsNothing) {
  int calls = 0;
  auto config = quick();
  config.check_address = [&](std::string_view, const sockaddr*, socklen_t) -> std::optional<std::string> {
    ++calls;
    return std::string("127.0.0.1 is not for you");
  };
  HttpClient client(config);
  auto r = client.get(site_.base_url() + "/about.html");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ApiErrorKind::kRefused);
  EXPECT_EQ(r.error().message, "127.0.0.1 is not for you");
  EXPECT_EQ(calls, 1) << "a refusal is not retried";
  EXPECT_EQ(site_.request_count(), 0u);
  EXPECT_NE(r.error().for_model().find("refused"), std::string::npos);
}

// Sets environment variables for one test and puts them back.
class ScopedEnv {
 public:
  void set(const char* name, const char* value) {
    const char* old = std::getenv(name);
    saved_.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
    if (value) ::setenv(name, value, 1);
    else ::unsetenv(name);
  }
  ~ScopedEnv() {
    for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) {
      if (it->second) ::setenv(it->first.c_str(), it->second->c_str(), 1);
      else ::unsetenv(it->first.c_str());
    }
  }

 private:
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

TEST_F(HttpClientAddressCheck, ProxiesFromTheEnvironmentAreNotUsedWhenChecking) {
  // A proxy that does not exist: a client that used it would fail to connect.
  ScopedEnv env;
  env.set("http_proxy", "http://127.0.0.1:9");
  env.set("no_proxy", nullptr);
  env.set("NO_PROXY", nullptr);
  HttpClient unchecked(quick());
  EXPECT_FALSE(unchecked.get(site_.base_url() + "/about.html")) << "the proxy is in use without a check";
  auto config = quick();
  config.check_address = [](std::string_view, const sockaddr*, socklen_t) { return std::optional<std::string>(); };
  HttpClient client(config);
  auto r = client.get(site_.base_url() + "/about.html");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(site_.request_count(), 1u);
}

}  // namespace
}  // namespace conhub::connectors
