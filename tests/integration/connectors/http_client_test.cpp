// HttpClient against the fake GitHub: status mapping, retries, rate limits, size limits,
// cancellation, pagination, the headers the server sees, and no credential in any log.
#include "http/http_client.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <future>
#include <thread>

#include "fake_github.hpp"
#include "http/pagination.hpp"
#include "support/capturing_sink.hpp"

namespace conhub::connectors {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using test::FakeGitHub;

class HttpClientTest : public ::testing::Test {
 protected:
  void SetUp() override { fake_.start(); }

  HttpClientConfig config() {
    HttpClientConfig c;
    c.base_url = fake_.base_url();
    c.default_headers = {{"Accept", "application/vnd.github+json"}, {"X-GitHub-Api-Version", "2022-11-28"}};
    c.authorization = [token = fake_.options().token] { return "Bearer " + token; };
    c.connect_timeout = 2s;
    c.request_timeout = 10s;
    c.retry = {.max_attempts = 4, .base_delay = 20ms, .max_delay = 100ms, .max_total_wait = 5s};
    return c;
  }

  FakeGitHub fake_;  // declared first: outlives every client
};

TEST_F(HttpClientTest, GetsJsonWithDefaultHeadersUserAgentAndBearerToken) {
  HttpClient client(config());
  auto res = client.get("/repos/octocat/hello-world");
  ASSERT_TRUE(res) << res.error().for_model();
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->attempts, 1);
  EXPECT_EQ(json::parse(res->body)["full_name"], "octocat/hello-world");
  EXPECT_EQ(res->headers.get("x-ratelimit-resource"), "core");

  const auto seen = fake_.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].user_agent, "conhub-mcp/" + std::string(CONHUB_TEST_VERSION));
  EXPECT_EQ(seen[0].authorization, "Bearer " + fake_.options().token);
  EXPECT_EQ(seen[0].accept, "application/vnd.github+json");
  EXPECT_EQ(seen[0].api_version, "2022-11-28");
}

TEST_F(HttpClientTest, ReusesTheConnection) {
  HttpClient client(config());
  ASSERT_TRUE(client.get("/repos/octocat/hello-world"));
  ASSERT_TRUE(client.get("/repos/octocat/spoon-knife"));
  ASSERT_TRUE(client.get("/repos/octocat/hello-world/issues"));
  const auto seen = fake_.requests();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].remote_port, seen[1].remote_port);
  EXPECT_EQ(seen[1].remote_port, seen[2].remote_port);
}

TEST_F(HttpClientTest, QueryValuesArriveDecoded) {
  HttpClient client(config());
  auto res = client.get(with_query("/search/issues", {{"q", "repo:octocat/hello-world is:issue bug"}}));
  ASSERT_TRUE(res) << res.error().for_model();
  EXPECT_EQ(json::parse(res->body)["total_count"], 1);
}

TEST_F(HttpClientTest, WrongTokenIsUnauthorizedWithoutRetry) {
  auto c = config();
  c.authorization = [] { return std::string("Bearer ghp_wrongTokenValue123456"); };
  HttpClient client(c);
  auto res = client.get("/repos/octocat/hello-world");
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().kind, ApiErrorKind::kUnauthorized);
  EXPECT_EQ(res.error().http_status, 401);
  EXPECT_EQ(res.error().message, "Bad credentials");
  EXPECT_EQ(res.error().operation, "GET /repos/octocat/hello-world");
  EXPECT_EQ(fake_.request_count(), 1u);
  EXPECT_EQ(res.error().for_model().find("ghp_wrong"), std::string::npos);
}

TEST_F(HttpClientTest, MissingResourceIsNotFound) {
  HttpClient client(config());
  auto res = client.get("/repos/octocat/hello-world/contents/nope.txt?ref=main");
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().kind, ApiErrorKind::kNotFound);
  EXPECT_EQ(res.error().http_status, 404);
  EXPECT_EQ(res.error().message, "Not Found");
  EXPECT_EQ(res.error().operation, "GET /repos/octocat/hello-world/contents/nope.txt");  // no query
}

TEST_F(HttpClientTest, RetriesServiceUnavailableThenSucceeds) {
  HttpClient client(config());
  fake_.fail_next(2, 503);
  auto res = client.get("/repos/octocat/hello-world");
  ASSERT_TRUE(res) << res.error().for_model();
  EXPECT_EQ(res->attempts, 3);
  EXPECT_EQ(fake_.request_count(), 3u);
}

TEST_F(HttpClientTest, GivesUpAfterMaxAttempts) {
  HttpClient client(config());
  fake_.fail_next(10, 502);
  auto res = client.get("/repos/octocat/hello-world");
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().kind, ApiErrorKind::kServerError);
  EXPECT_EQ(res.error().http_status, 502);
  EXPECT_EQ(fake_.request_count(), 4u);
}

TEST_F(HttpClientTest, PostIsNotRepeatedAfterAServerError) {
  HttpClient client(config());
  fake_.fail_next(1, 502);
  auto res = client.send({.method = Method::kPost, .target = "/repos/octocat/hello-world/issues",
                          .headers = {{"Content-Type", "application/json"}}, .body = R"({"title":"x"})"});
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().kind, ApiErrorKind::kServerError);
  EXPECT_EQ(fake_.request_count(), 1u);
}

TEST_F(HttpClientTest, PostCreatesAnIssue) {
  HttpClient client(config());
  auto res = client.send({.method = Method::kPost, .target = "/repos/octocat/hello-world/issues",
                          .headers = {{"Content-Type", "application/json"}},
                          .body = R"({"title":"Created by a test","body":"secret-free"})"});
  ASSERT_TRUE(res) << res.error().for_model();
  EXPECT_EQ(res->status, 201);
  EXPECT_EQ(json::parse(res->body)["title"], "Created by a test");
  EXPECT_EQ(fake_.requests().back().body, R"({"title":"Created by a test","body":"secret-free"})");
}

TEST_F(HttpClientTest, HonoursRetryAfterSeconds) {
  HttpClient client(config());
  fake_.secondary_limit_next(1, 429, 1);
  const auto start = std::chrono::steady_clock::now();
  auto res = client.get("/repos/octocat/hello-world");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(res) << res.error().for_model();
  EXPECT_EQ(res->attempts, 2);
  EXPECT_GE(elapsed, 1000ms);  // waited the server's second, not a 20 ms backoff
  EXPECT_LT(elapsed, 4000ms);
}

TEST_F(HttpClientTest, RetryAfterBeyondTheBudgetFailsFast) {
  HttpClient client(config());
  fake_.secondary_limit_next(1, 403, 120);
  const auto start = std::chrono::steady_clock::now();
  auto res = client.get("/search/code?q=printf");
  ASSERT_FALSE(res);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1000ms);
  EXPECT_EQ(res.error().kind, ApiErrorKind::kRateLimited);
  EXPECT_EQ(res.error().http_status, 403);
  EXPECT_EQ(res.error().retry_after, 120s);
  EXPECT_NE(res.error().for_model().find("Retry after 120 s"), std::string::npos) << res.error().for_model();
  EXPECT_EQ(fake_.request_count(), 1u);
}

TEST_F(HttpClientTest, PrimaryRateLimitFailsFastUntilTheReset) {
  HttpClient client(config());
  fake_.exhaust_rate_limit("core", 600s);
  auto res = client.get("/repos/octocat/hello-world/issues");
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().kind, ApiErrorKind::kRateLimited);
  ASSERT_TRUE(res.error().retry_after);
  EXPECT_GE(*res.error().retry_after, 595s);
  EXPECT_LE(*res.error().retry_after, 602s);
  EXPECT_EQ(fake_.request_count(), 1u);
}

TEST_F(HttpClientTest, WaitsForAPrimaryResetWithinTheBudget) {
  HttpClient client(config());
  fake_.exhaust_rate_limit("core", 1s);
  auto res = client.get("/repos/octocat/hello-world");
  ASSERT_TRUE(res) << res.error().for_model();
  EXPECT_EQ(res->attempts, 2);
}

TEST_F(HttpClientTest, ResponseSizeLimitAbortsChunkedAndDeclaredBodies) {
  auto c = config();
  c.max_response_bytes = 64 * 1024;
  HttpClient client(c);
  // curl asks for compressed bodies and the fake compresses this filler well: the limit
  // must count decoded bytes, or a small compressed body could still inflate past it.
  fake_.huge_body_next(8u << 20, /*chunked=*/true);
  auto chunked = client.get("/repos/octocat/hello-world");
  ASSERT_FALSE(chunked);
  EXPECT_EQ(chunked.error().kind, ApiErrorKind::kTooLarge);
  EXPECT_NE(chunked.error().message.find("65536"), std::string::npos);

  fake_.huge_body_next(8u << 20, /*chunked=*/false);
  auto declared = client.get("/repos/octocat/hello-world");
  ASSERT_FALSE(declared);
  EXPECT_EQ(declared.error().kind, ApiErrorKind::kTooLarge);
  EXPECT_EQ(fake_.request_count(), 2u);  // too large is not retried

  auto fine = client.get("/repos/octocat/hello-world");  // the client still works
  EXPECT_TRUE(fine);
}

TEST_F(HttpClientTest, CancellationStopsAStalledRequestQuickly) {
  HttpClient client(config());
  fake_.stall_next(10s);
  std::stop_source stop;
  auto pending = std::async(std::launch::async, [&] { return client.get("/repos/octocat/hello-world", stop.get_token()); });
  // Wait until the fake holds the request, then cancel and time how long the client takes.
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (fake_.request_count() == 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  ASSERT_EQ(fake_.request_count(), 1u);
  const auto cancelled_at = std::chrono::steady_clock::now();
  stop.request_stop();
  ASSERT_EQ(pending.wait_for(2s), std::future_status::ready);
  const auto took = std::chrono::steady_clock::now() - cancelled_at;
  auto res = pending.get();
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().kind, ApiErrorKind::kCancelled);
  EXPECT_LT(took, 100ms);
}

TEST_F(HttpClientTest, CancellationDuringABackoffSleep) {
  auto c = config();
  c.retry = {.max_attempts = 4, .base_delay = 10s, .max_delay = 10s, .max_total_wait = 60s};
  c.unit_random = [] { return 0.99; };  // a ~10 s backoff
  HttpClient client(c);
  fake_.fail_next(1, 503);
  std::stop_source stop;
  auto pending = std::async(std::launch::async, [&] { return client.get("/repos/octocat/hello-world", stop.get_token()); });
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (fake_.request_count() == 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  stop.request_stop();
  ASSERT_EQ(pending.wait_for(2s), std::future_status::ready);
  auto res = pending.get();
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().kind, ApiErrorKind::kCancelled);
}

TEST_F(HttpClientTest, TotalTimeoutEndsAStalledRequest) {
  auto c = config();
  c.request_timeout = 300ms;
  c.retry.max_attempts = 1;
  HttpClient client(c);
  fake_.stall_next(5s);
  auto res = client.get("/repos/octocat/hello-world");
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().kind, ApiErrorKind::kTimeout);
}

TEST_F(HttpClientTest, RefusedConnectionIsANetworkErrorAfterRetries) {
  auto c = config();
  const int port = fake_.port();
  fake_.stop();  // nothing listens on the port any more
  c.base_url = "http://127.0.0.1:" + std::to_string(port);
  HttpClient client(c);
  auto res = client.get("/repos/octocat/hello-world");
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().kind, ApiErrorKind::kNetwork);
  EXPECT_EQ(res.error().http_status, 0);
  EXPECT_FALSE(res.error().message.empty());
}

TEST_F(HttpClientTest, PaginatesAcrossThreePagesWithLinkHeaders) {
  HttpClient client(config());
  std::vector<std::string> shas;
  auto pages = for_each_page(client, Request{.target = "/repos/octocat/hello-world/commits?per_page=3"},
                             next_by_link_header(), 10, [&](const Response& page) {
                               for (const auto& commit : json::parse(page.body)) shas.push_back(commit["sha"]);
                               return true;
                             });
  ASSERT_TRUE(pages) << pages.error().for_model();
  EXPECT_EQ(*pages, 3);
  EXPECT_EQ(shas.size(), 7u);
  EXPECT_EQ(shas.back(), "3a0f86fb8db8eea7ccbb9a95f325ddbedfb25e15");
  const auto seen = fake_.requests();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[2].target, "/repos/octocat/hello-world/commits?per_page=3&page=3");
  EXPECT_EQ(seen[2].authorization, "Bearer " + fake_.options().token);
}

TEST_F(HttpClientTest, PageCapStopsTheWalk) {
  HttpClient client(config());
  auto pages = for_each_page(client, Request{.target = "/repos/octocat/hello-world/commits?per_page=2"},
                             next_by_link_header(), 2, [](const Response&) { return true; });
  ASSERT_TRUE(pages);
  EXPECT_EQ(*pages, 2);
}

TEST_F(HttpClientTest, RefusesANextLinkOnAnotherOrigin) {
  HttpClient client(config());
  auto res = client.get("http://127.0.0.2:1/steal");
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().kind, ApiErrorKind::kBadResponse);
  EXPECT_EQ(fake_.request_count(), 0u);
  auto prefix_trick = client.get(fake_.base_url() + ".evil.example/x");
  ASSERT_FALSE(prefix_trick);
  EXPECT_EQ(prefix_trick.error().kind, ApiErrorKind::kBadResponse);
}

TEST_F(HttpClientTest, RefusesLineBreaksInHeaders) {
  HttpClient client(config());
  auto res = client.send({.target = "/repos/octocat/hello-world", .headers = {{"X-Test", "a\r\nX-Injected: 1"}}});
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().kind, ApiErrorKind::kBadRequest);
  EXPECT_EQ(fake_.request_count(), 0u);
}

TEST_F(HttpClientTest, TokenNeverAppearsInLogsOrErrors) {
  test::CapturingLogger capture;
  const std::string token = fake_.options().token;
  std::vector<std::string> errors;
  {
    HttpClient client(config());
    ASSERT_TRUE(client.get("/repos/octocat/hello-world"));
    fake_.fail_next(1, 503);
    ASSERT_TRUE(client.get("/repos/octocat/hello-world"));  // a logged retry
    for (auto r : {client.get("/repos/octocat/nothing"), client.get("/search/issues")}) {
      ASSERT_FALSE(r);
      errors.push_back(r.error().for_model());
    }
    fake_.huge_body_next(1u << 20);
    auto c = config();
    c.max_response_bytes = 1024;
    HttpClient small(c);
    auto too_large = small.get("/repos/octocat/hello-world");
    ASSERT_FALSE(too_large);
    errors.push_back(too_large.error().for_model());
  }
  {
    // A wrong token is the credential too: it must not leak through a 401 either.
    auto c = config();
    c.authorization = [] { return std::string("Bearer ghp_anotherSecretThatIsWrong99"); };
    HttpClient client(c);
    auto r = client.get("/repos/octocat/hello-world");
    ASSERT_FALSE(r);
    errors.push_back(r.error().for_model());
  }
  const std::string logs = capture.text();
  EXPECT_FALSE(logs.empty());  // the client did log (at debug and info)
  EXPECT_EQ(logs.find(token), std::string::npos) << logs;
  EXPECT_EQ(logs.find("ghp_another"), std::string::npos) << logs;
  EXPECT_EQ(logs.find("Authorization"), std::string::npos) << logs;
  for (const auto& e : errors) {
    EXPECT_EQ(e.find(token), std::string::npos) << e;
    EXPECT_EQ(e.find("ghp_another"), std::string::npos) << e;
  }
}

TEST_F(HttpClientTest, ConcurrentRequestsFromManyThreads) {
  HttpClient client(config());
  std::vector<std::future<bool>> results;
  for (int i = 0; i < 8; ++i)
    results.push_back(std::async(std::launch::async, [&] {
      for (int j = 0; j < 5; ++j)
        if (!client.get("/repos/octocat/hello-world")) return false;
      return true;
    }));
  for (auto& r : results) EXPECT_TRUE(r.get());
  EXPECT_EQ(fake_.request_count(), 40u);
}

}  // namespace
}  // namespace conhub::connectors
