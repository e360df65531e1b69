// The web connector against the fake web site on loopback, through an in-process MCP
// session: fetch (Markdown, raw, text types, refused types, paging, size limit, redirects),
// crawl (depth, page limit, path prefix, robots.txt, progress), cancellation of a stalled
// page, and the SSRF guard: redirects to forbidden addresses are refused with a clear
// message and the forbidden servers see no request; with an empty allow list even
// 127.0.0.1, localhost and 0x7f000001 are refused, so the check is on resolved addresses.
#include "providers/web.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "fake_website.hpp"
#include "support/memory_client.hpp"
#include "web/html_to_markdown.hpp"

namespace conhub::connectors {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class WebConnectorTest : public ::testing::Test {
 protected:
  void SetUp() override { site_.start(); }

  void serve(const std::vector<std::string>& allow) {
    auto made = web::AddressPolicy::make(allow);
    ASSERT_TRUE(std::holds_alternative<web::AddressPolicy>(made));
    web::WebLimits limits;
    limits.connect_timeout = 2s;
    limits.request_timeout = 10s;
    limits.max_attempts = 1;
    connector_ = std::make_unique<WebConnector>(
        ConnectorContext{.connection = {.id = 1, .provider = "web", .name = "default"}},
        std::get<web::AddressPolicy>(std::move(made)), limits);
    connector_->declare(server_, ToolNamer("web", "default", false));
    client_ = std::make_unique<test::MemoryClient>(server_);
    client_->initialize();
  }
  json call(const std::string& tool, json args) {
    return client_->request("tools/call", {{"name", tool}, {"arguments", std::move(args)}})["result"];
  }
  json fetch(const std::string& url, json extra = json::object()) {
    extra["url"] = url;
    return call("web_fetch", std::move(extra));
  }
  static std::string text(const json& result) { return result["content"][0].value("text", ""); }
  std::string at(const std::string& path) const { return site_.base_url() + path; }
  std::string redirect_to(const std::string& url, int status = 302) const {
    return at("/redirect/to?url=" + percent_encode(url) + "&status=" + std::to_string(status));
  }

  test::FakeWebsite site_;
  mcp::Server server_{{.name = "t", .version = "1"}};
  std::unique_ptr<Connector> connector_;
  std::unique_ptr<test::MemoryClient> client_;
};

TEST_F(WebConnectorTest, ListsFetchAndCrawlAsReadOnlyOpenWorldTools) {
  serve({"127.0.0.1/32"});
  const auto tools = client_->request("tools/list")["result"]["tools"];
  std::vector<std::string> names;
  for (const auto& tool : tools) {
    names.push_back(tool["name"]);
    EXPECT_EQ(tool["annotations"]["readOnlyHint"], true);
    EXPECT_EQ(tool["annotations"]["openWorldHint"], true);
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"web_crawl", "web_fetch"}));
}

TEST_F(WebConnectorTest, FetchesHtmlAsMarkdown) {
  serve({"127.0.0.1/32"});
  auto r = fetch(at("/docs/a.html"));
  ASSERT_FALSE(r.value("isError", false)) << r.dump();
  const std::string md = text(r);
  EXPECT_TRUE(md.starts_with("# Page A\n\nAlpha & omega. [to B](" + at("/docs/b.html") + ")")) << md;
  EXPECT_EQ(md.find("tracking"), std::string::npos);
  EXPECT_EQ(md.find("Nav only"), std::string::npos);
  const auto& s = r["structuredContent"];
  EXPECT_EQ(s["url"], at("/docs/a.html"));
  EXPECT_EQ(s["title"], "Page A");
  EXPECT_EQ(s["content_type"], "text/html");
  EXPECT_EQ(s["total_length"], md.size());
  EXPECT_EQ(s["offset"], 0);
  EXPECT_TRUE(s["next_offset"].is_null());

  auto raw = fetch(at("/docs/a.html"), {{"raw", true}});
  EXPECT_NE(text(raw).find("<script>var tracking"), std::string::npos);
  EXPECT_EQ(raw["structuredContent"]["title"], "Page A");

  auto latin1 = fetch(at("/latin1.html"));
  EXPECT_EQ(text(latin1), "# Caf\xC3\xA9\n\nCaf\xC3\xA9 cr\xC3\xA8me");
}

TEST_F(WebConnectorTest, PassesTextTypesThroughAndRefusesBinaries) {
  serve({"127.0.0.1/32"});
  EXPECT_EQ(text(fetch(at("/plain.txt"))), "Plain text, <b>not</b> HTML.\nSecond line.\n");
  EXPECT_EQ(text(fetch(at("/notes.md"))), "# Notes\n\n- one\n- two\n");
  auto j = fetch(at("/data.json"));
  EXPECT_EQ(j["structuredContent"]["content_type"], "application/json");
  EXPECT_EQ(json::parse(text(j))["name"], "fake");
  for (const auto& [path, type] : {std::pair{"/image.png", "image/png"}, std::pair{"/report.pdf", "application/pdf"}}) {
    auto r = fetch(at(path));
    EXPECT_TRUE(r.value("isError", false)) << path;
    EXPECT_NE(text(r).find(type), std::string::npos) << text(r);
    EXPECT_NE(text(r).find("not text"), std::string::npos) << text(r);
  }
}

TEST_F(WebConnectorTest, PagesThroughLongTextOnUtf8Boundaries) {
  serve({"127.0.0.1/32"});
  const std::string whole = text(fetch(at("/long.html"), {{"max_length", 100000}}));
  ASSERT_GT(whole.size(), 20'000u);
  ASSERT_LT(whole.size(), 100'000u);
  std::string joined;
  json offset = 0;
  int calls = 0;
  while (!offset.is_null() && ++calls < 100) {
    auto r = fetch(at("/long.html"), {{"max_length", 7001}, {"offset", offset}});
    ASSERT_FALSE(r.value("isError", false)) << r.dump();
    std::string slice = text(r);
    const auto& s = r["structuredContent"];
    EXPECT_EQ(s["offset"], offset);
    EXPECT_EQ(s["total_length"], whole.size());
    if (!s["next_offset"].is_null()) {
      const auto note = slice.rfind("\n\n[Truncated: ");
      ASSERT_NE(note, std::string::npos);
      EXPECT_NE(slice.find("offset=" + s["next_offset"].dump()), std::string::npos);
      slice.resize(note);
      EXPECT_LE(slice.size(), 7001u);
    }
    EXPECT_EQ(web::sanitize_utf8(slice), slice) << "a slice split a character";
    joined += slice;
    offset = s["next_offset"];
  }
  EXPECT_EQ(joined, whole);
  EXPECT_GT(calls, 3);
  EXPECT_EQ(text(fetch(at("/long.html"), {{"max_length", 20000}})).size() > 20'000u, true);  // the note comes on top
  auto past = fetch(at("/long.html"), {{"offset", 10'000'000}});
  EXPECT_TRUE(past.value("isError", false));
  EXPECT_TRUE(fetch(at("/long.html"), {{"max_length", 100001}}).value("isError", false));
}

TEST_F(WebConnectorTest, RefusesPagesOverTheSizeLimitAndReportsHttpErrors) {
  serve({"127.0.0.1/32"});
  auto huge = fetch(at("/huge.html"));
  EXPECT_TRUE(huge.value("isError", false));
  EXPECT_NE(text(huge).find("too large"), std::string::npos) << text(huge);
  auto missing = fetch(at("/missing.html"));
  EXPECT_TRUE(missing.value("isError", false));
  EXPECT_NE(text(missing).find("HTTP 404"), std::string::npos) << text(missing);
  for (const char* bad : {"ftp://127.0.0.1/", "file:///etc/passwd", "not a url", "http://user:pw@127.0.0.1/"}) {
    auto r = fetch(bad);
    EXPECT_TRUE(r.value("isError", false)) << bad;
  }
}

TEST_F(WebConnectorTest, FollowsRedirectChainsAndStopsLoops) {
  serve({"127.0.0.1/32"});
  auto chain = fetch(at("/redirect/chain"));
  ASSERT_FALSE(chain.value("isError", false)) << chain.dump();
  EXPECT_EQ(chain["structuredContent"]["url"], at("/plain.txt"));
  EXPECT_EQ(fetch(at("/redirect/301"))["structuredContent"]["url"], at("/docs/a.html"));
  const std::vector<std::pair<std::string, std::string>> failures = {
      {"/redirect/loop", "redirect loop"},
      {"/redirect/many/1", "more than 5 redirects"},
      {"/redirect/ftp", "not an http or https URL"},
      {"/redirect/no-location", "without a Location"}};
  for (const auto& [path, why] : failures) {
    auto r = fetch(at(path));
    EXPECT_TRUE(r.value("isError", false)) << path;
    EXPECT_NE(text(r).find(why), std::string::npos) << text(r);
  }
}

TEST_F(WebConnectorTest, CrawlsBreadthFirstWithinThePrefixHonouringRobots) {
  serve({"127.0.0.1/32"});
  auto r = call("web_crawl", {{"url", at("/docs/")}});
  ASSERT_FALSE(r.value("isError", false)) << r.dump();
  const auto& s = r["structuredContent"];
  std::vector<std::string> urls;
  for (const auto& p : s["pages"]) urls.push_back(p["url"]);
  EXPECT_EQ(urls, (std::vector<std::string>{at("/docs/"), at("/docs/a.html"), at("/docs/b.html"), at("/docs/sub/c.html")}));
  EXPECT_EQ(s["pages"][0]["depth"], 0);
  EXPECT_EQ(s["pages"][1]["depth"], 1);
  EXPECT_EQ(s["pages"][1]["title"], "Page A");
  EXPECT_TRUE(s["pages"][1]["summary"].get<std::string>().starts_with("Alpha & omega.")) << s["pages"][1].dump();
  std::map<std::string, std::string> skipped;
  for (const auto& k : s["skipped"]) skipped[k["url"]] = k["reason"];
  EXPECT_EQ(skipped[at("/docs/private/secret.html")], "disallowed by robots.txt");
  EXPECT_NE(skipped[at("/about.html")].find("outside path_prefix /docs/"), std::string::npos);
  EXPECT_NE(skipped[at("/plain.txt")].find("outside path_prefix"), std::string::npos);
  EXPECT_EQ(skipped.count(at("/nav-only.html")), 0u) << "links in <nav> are not followed";
  EXPECT_TRUE(s["stopped"].is_null());
  const auto seen = site_.requests();
  EXPECT_EQ(std::count(seen.begin(), seen.end(), "/docs/private/secret.html"), 0);
  EXPECT_EQ(std::count(seen.begin(), seen.end(), "/docs/a.html"), 1) << "each page is fetched once";

  auto deep = call("web_crawl", {{"url", at("/docs/")}, {"max_depth", 3}, {"max_pages", 50}});
  std::vector<int> depths;
  for (const auto& p : deep["structuredContent"]["pages"]) depths.push_back(p["depth"]);
  // /docs/index.html is the same page as /docs/ to a reader, but another URL to the crawler.
  EXPECT_EQ(deep["structuredContent"]["pages"].size(), 7u) << deep.dump();
  EXPECT_EQ(depths, (std::vector<int>{0, 1, 1, 1, 2, 2, 3}));

  auto limited = call("web_crawl", {{"url", at("/docs/")}, {"max_pages", 2}});
  EXPECT_EQ(limited["structuredContent"]["pages"].size(), 2u);
  EXPECT_EQ(limited["structuredContent"]["stopped"], "max_pages (2) reached");

  auto whole_site = call("web_crawl", {{"url", at("/")}, {"max_depth", 1}});
  std::map<std::string, std::string> outside;
  for (const auto& k : whole_site["structuredContent"]["skipped"]) outside[k["url"]] = k["reason"];
  EXPECT_NE(outside["http://example.com/"].find("another site"), std::string::npos);
  EXPECT_NE(outside[at("/image.png")].find("not HTML (image/png)"), std::string::npos);
}

TEST_F(WebConnectorTest, TheConhubGroupOfRobotsTxtReplacesTheStarGroup) {
  site_.set_robots("User-agent: *\nDisallow: /\n\nUser-agent: conhub-mcp\nDisallow: /docs/sub/\n");
  serve({"127.0.0.1/32"});
  auto r = call("web_crawl", {{"url", at("/docs/")}});
  std::vector<std::string> urls;
  for (const auto& p : r["structuredContent"]["pages"]) urls.push_back(p["url"]);
  EXPECT_NE(std::find(urls.begin(), urls.end(), at("/docs/private/secret.html")), urls.end());
  EXPECT_EQ(std::find(urls.begin(), urls.end(), at("/docs/sub/c.html")), urls.end());

  site_.set_robots("User-agent: *\nDisallow: /\n");
  auto none = call("web_crawl", {{"url", at("/docs/")}});
  EXPECT_TRUE(none["structuredContent"]["pages"].empty());
  EXPECT_EQ(none["structuredContent"]["skipped"][0]["reason"], "disallowed by robots.txt");
}

TEST_F(WebConnectorTest, CrawlReportsProgress) {
  serve({"127.0.0.1/32"});
  auto r = client_->request("tools/call", {{"name", "web_crawl"},
                                           {"arguments", {{"url", at("/docs/")}}},
                                           {"_meta", {{"progressToken", "crawl-1"}}}});
  ASSERT_FALSE(r["result"].value("isError", false));
  auto progress = client_->notification("notifications/progress", 2s);
  ASSERT_TRUE(progress.has_value());
  EXPECT_EQ((*progress)["params"]["progressToken"], "crawl-1");
}

TEST_F(WebConnectorTest, CancellingAStalledFetchReturnsWithinASecond) {
  site_.set_slow_delay(30s);
  serve({"127.0.0.1/32"});
  client_->send({{"jsonrpc", "2.0"}, {"id", "slow"}, {"method", "tools/call"},
                 {"params", {{"name", "web_fetch"}, {"arguments", {{"url", at("/slow")}}}}}});
  for (int i = 0; i < 500 && site_.request_count() == 0; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_EQ(site_.request_count(), 1u);
  const auto cancelled_at = std::chrono::steady_clock::now();
  client_->send({{"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", {{"requestId", "slow"}}}});
  while (client_->session().in_flight() > 0 && std::chrono::steady_clock::now() - cancelled_at < 5s)
    std::this_thread::sleep_for(5ms);
  EXPECT_EQ(client_->session().in_flight(), 0u);
  EXPECT_LT(std::chrono::steady_clock::now() - cancelled_at, 1s);
}

TEST_F(WebConnectorTest, CancellingACrawlStopsItWithinASecond) {
  site_.set_slow_delay(30s);
  serve({"127.0.0.1/32"});
  client_->send({{"jsonrpc", "2.0"}, {"id", "crawl"}, {"method", "tools/call"},
                 {"params", {{"name", "web_crawl"}, {"arguments", {{"url", at("/slow")}}}}}});
  const auto saw_slow = [&] {
    const auto seen = site_.requests();
    return std::find(seen.begin(), seen.end(), "/slow") != seen.end();
  };
  for (int i = 0; i < 500 && !saw_slow(); ++i) std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(saw_slow());
  const auto cancelled_at = std::chrono::steady_clock::now();
  client_->send({{"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", {{"requestId", "crawl"}}}});
  while (client_->session().in_flight() > 0 && std::chrono::steady_clock::now() - cancelled_at < 5s)
    std::this_thread::sleep_for(5ms);
  EXPECT_EQ(client_->session().in_flight(), 0u);
  EXPECT_LT(std::chrono::steady_clock::now() - cancelled_at, 1s);
}

TEST_F(WebConnectorTest, RedirectsToForbiddenAddressesAreRefusedBeforeAnyRequest) {
  test::FakeWebsite second("127.0.0.2");
  second.start();
  std::unique_ptr<test::FakeWebsite> v6 = std::make_unique<test::FakeWebsite>("::1");
  try {
    v6->start();
  } catch (const std::exception&) {
    v6.reset();  // no IPv6 loopback here: the refusal is still checked, the server count is not
  }
  serve({"127.0.0.1/32"});
  ASSERT_FALSE(fetch(at("/docs/a.html")).value("isError", false)) << "the allowed site works";
  const std::string p2 = std::to_string(second.port());
  const std::string p6 = std::to_string(v6 ? v6->port() : site_.port());
  const std::vector<std::pair<std::string, std::string>> targets = {
      {"http://169.254.169.254/latest/meta-data", "169.254.169.254 is a link-local (cloud metadata) address"},
      {"http://10.0.0.1/", "10.0.0.1 is a private address"},
      {"http://[::1]:" + p6 + "/", "::1 is a loopback address"},
      {"http://0x7f000002:" + p2 + "/", "(127.0.0.2) is a loopback address"},
      {"http://2130706434:" + p2 + "/", "(127.0.0.2) is a loopback address"},
      {"http://017700000002:" + p2 + "/", "(127.0.0.2) is a loopback address"},
      {"http://127.0.0.2:" + p2 + "/", "127.0.0.2 is a loopback address"},
      {"http://metadata.google.internal/computeMetadata/v1/", "metadata.google.internal is a cloud metadata host name"},
  };
  for (const int status : {301, 302, 307}) {
    for (const auto& [target, why] : targets) {
      auto r = fetch(redirect_to(target, status));
      EXPECT_TRUE(r.value("isError", false)) << target;
      const std::string message = text(r);
      EXPECT_NE(message.find("refused: "), std::string::npos) << target << ": " << message;
      EXPECT_NE(message.find(why), std::string::npos) << target << ": " << message;
      EXPECT_NE(message.find("add it to the connection's allow list for intranet use"), std::string::npos) << message;
      EXPECT_NE(message.find("reached by a redirect from"), std::string::npos) << message;
    }
  }
  // Directly too, and in a crawl.
  EXPECT_TRUE(fetch("http://127.0.0.2:" + p2 + "/about.html").value("isError", false));
  auto crawl = call("web_crawl", {{"url", "http://127.0.0.2:" + p2 + "/"}});
  EXPECT_TRUE(crawl.value("isError", false));
  EXPECT_NE(text(crawl).find("refused: "), std::string::npos);

  EXPECT_EQ(second.request_count(), 0u) << "the forbidden server saw a request";
  if (v6) {
    EXPECT_EQ(v6->request_count(), 0u) << "the forbidden ::1 server saw a request";
  }
}

TEST_F(WebConnectorTest, AConnectionFailureIsNotARefusal) {
  serve({"127.0.0.1/32"});
  test::FakeWebsite closed;
  closed.start();
  const std::string url = closed.base_url() + "/";
  closed.stop();
  auto r = fetch(url);
  EXPECT_TRUE(r.value("isError", false));
  EXPECT_EQ(text(r).find("refused: "), std::string::npos) << text(r);
  EXPECT_NE(text(r).find("could not connect"), std::string::npos) << text(r);
}

TEST_F(WebConnectorTest, WithAnEmptyAllowListLoopbackIsRefusedAfterResolution) {
  serve({});
  const std::string port = std::to_string(site_.port());
  const std::vector<std::pair<std::string, std::string>> targets = {
      {"http://127.0.0.1:" + port + "/", "127.0.0.1 is a loopback address"},
      {"http://localhost:" + port + "/", "localhost ("},
      {"http://LOCALHOST.:" + port + "/", "localhost ("},
      {"http://0x7f000001:" + port + "/", "0x7f000001 (127.0.0.1) is a loopback address"},
      {"http://2130706433:" + port + "/", "(127.0.0.1) is a loopback address"},
      {"http://[::ffff:127.0.0.1]:" + port + "/", "is a loopback address"},
  };
  for (const auto& [url, why] : targets) {
    auto r = fetch(url);
    EXPECT_TRUE(r.value("isError", false)) << url;
    EXPECT_NE(text(r).find("refused: "), std::string::npos) << url << ": " << text(r);
    EXPECT_NE(text(r).find(why), std::string::npos) << url << ": " << text(r);
  }
  EXPECT_EQ(site_.request_count(), 0u);
}

TEST_F(WebConnectorTest, AnAllowedHostNameMayResolveToLoopback) {
  serve({"localhost"});
  auto r = fetch("http://localhost:" + std::to_string(site_.port()) + "/about.html");
  ASSERT_FALSE(r.value("isError", false)) << r.dump();
  EXPECT_EQ(r["structuredContent"]["title"], "About");
  EXPECT_TRUE(fetch(at("/about.html")).value("isError", false)) << "127.0.0.1 itself is not on the list";
}

TEST(WebConnectorCreate, ReadsTheAllowListFromTheConfig) {
  auto ok = WebConnector::create({.connection = {.provider = "web", .name = "n", .config = {{"allow", {"10.0.0.0/8", "wiki.corp"}}}}});
  EXPECT_TRUE(std::holds_alternative<std::unique_ptr<Connector>>(ok));
  auto bad = WebConnector::create({.connection = {.provider = "web", .name = "n", .config = {{"allow", {"10.0.0.1/8"}}}}});
  ASSERT_TRUE(std::holds_alternative<std::string>(bad));
  EXPECT_NE(std::get<std::string>(bad).find("10.0.0.1/8"), std::string::npos);
  EXPECT_TRUE(std::holds_alternative<std::string>(
      WebConnector::create({.connection = {.provider = "web", .name = "n", .config = {{"allow", "10.0.0.0/8"}}}})));
  EXPECT_TRUE(std::holds_alternative<std::unique_ptr<Connector>>(WebConnector::create({.connection = {.provider = "web"}})));
}

}  // namespace
}  // namespace conhub::connectors
