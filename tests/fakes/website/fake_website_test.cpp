// The fake web site's own tests, with cpp-httplib's client: pages, content types, robots.txt,
// redirects, the stall and the request log, so the web connector's tests can trust it.
#include "fake_website.hpp"

#include <httplib.h>

#include <gtest/gtest.h>

namespace conhub::test {
namespace {

using namespace std::chrono_literals;

class FakeWebsiteTest : public ::testing::Test {
 protected:
  void SetUp() override { site_.start(); }
  httplib::Client client() { return httplib::Client("127.0.0.1", site_.port()); }
  FakeWebsite site_;
};

TEST_F(FakeWebsiteTest, ServesPagesWithTheirContentTypes) {
  auto c = client();
  auto home = c.Get("/");
  ASSERT_TRUE(home);
  EXPECT_EQ(home->status, 200);
  EXPECT_EQ(home->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(home->body.find("<title>Fake site home</title>"), std::string::npos);
  EXPECT_EQ(c.Get("/plain.txt")->get_header_value("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(c.Get("/data.json")->get_header_value("Content-Type"), "application/json");
  auto png = c.Get("/image.png");
  EXPECT_EQ(png->get_header_value("Content-Type"), "image/png");
  EXPECT_NE(png->body.find('\0'), std::string::npos);
  EXPECT_GT(c.Get("/huge.html")->body.size(), FakeWebsite::kHugeBytes);
  EXPECT_EQ(c.Get("/missing.html")->status, 404);
  EXPECT_EQ(c.Get("/docs/sub/deep/d.html")->status, 200);
}

TEST_F(FakeWebsiteTest, RobotsTxtIsSettable) {
  auto c = client();
  EXPECT_EQ(c.Get("/robots.txt")->body, FakeWebsite::kDefaultRobots);
  site_.set_robots("User-agent: *\nDisallow: /\n");
  EXPECT_EQ(c.Get("/robots.txt")->body, "User-agent: *\nDisallow: /\n");
}

TEST_F(FakeWebsiteTest, Redirects) {
  auto c = client();
  auto r = c.Get("/redirect/chain");
  EXPECT_EQ(r->status, 301);
  EXPECT_EQ(r->get_header_value("Location"), "/redirect/chain2");
  EXPECT_EQ(c.Get("/redirect/chain2")->status, 302);
  EXPECT_EQ(c.Get("/redirect/chain3")->status, 307);
  EXPECT_EQ(c.Get("/redirect/loop2")->get_header_value("Location"), "/redirect/loop");
  auto to = c.Get("/redirect/to?url=http%3A%2F%2F10.0.0.1%2F&status=307");
  EXPECT_EQ(to->status, 307);
  EXPECT_EQ(to->get_header_value("Location"), "http://10.0.0.1/");
  EXPECT_FALSE(c.Get("/redirect/no-location")->has_header("Location"));
}

TEST_F(FakeWebsiteTest, RecordsRequestsAndStopEndsAStall) {
  auto c = client();
  c.Get("/about.html");
  c.Get("/redirect/to?url=x");
  EXPECT_EQ(site_.requests(), (std::vector<std::string>{"/about.html", "/redirect/to?url=x"}));
  site_.clear_requests();
  EXPECT_EQ(site_.request_count(), 0u);

  site_.set_slow_delay(30s);
  std::thread caller([&] { client().Get("/slow"); });
  while (site_.request_count() == 0) std::this_thread::sleep_for(5ms);
  const auto started = std::chrono::steady_clock::now();
  site_.stop();
  caller.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

TEST(FakeWebsite, BindsOtherLoopbackAddresses) {
  FakeWebsite second("127.0.0.2");
  second.start();
  EXPECT_EQ(second.base_url(), "http://127.0.0.2:" + std::to_string(second.port()));
  httplib::Client c("127.0.0.2", second.port());
  EXPECT_EQ(c.Get("/about.html")->status, 200);
}

}  // namespace
}  // namespace conhub::test
