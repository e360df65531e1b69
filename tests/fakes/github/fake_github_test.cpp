// The fake GitHub's own tests (STYLE.md §6: every fake has its own tests, so connector
// tests can trust it). They talk to it with httplib's client, not with our curl client.
#include "fake_github.hpp"

#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace conhub::test {
namespace {

using nlohmann::json;

class FakeGitHubTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fake_.start();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", fake_.port());
  }
  httplib::Headers auth() const {
    return {{"Authorization", "Bearer " + fake_.options().token},
            {"Accept", "application/vnd.github+json"},
            {"X-GitHub-Api-Version", "2022-11-28"}};
  }
  httplib::Result get(const std::string& target) { return client_->Get(target.c_str(), auth()); }

  FakeGitHub fake_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(FakeGitHubTest, RejectsMissingAndWrongCredentials) {
  auto missing = client_->Get("/repos/octocat/hello-world");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 401);
  EXPECT_EQ(json::parse(missing->body)["message"], "Requires authentication");

  auto wrong = client_->Get("/repos/octocat/hello-world", {{"Authorization", "Bearer nope"}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  const auto body = json::parse(wrong->body);
  EXPECT_EQ(body["message"], "Bad credentials");
  EXPECT_TRUE(body.contains("documentation_url"));

  auto old_scheme = client_->Get("/repos/octocat/hello-world", {{"Authorization", "token " + fake_.options().token}});
  ASSERT_TRUE(old_scheme);
  EXPECT_EQ(old_scheme->status, 200);
}

TEST_F(FakeGitHubTest, RefusesAnUnknownApiVersion) {
  auto headers = auth();
  headers.erase("X-GitHub-Api-Version");
  headers.emplace("X-GitHub-Api-Version", "2099-01-01");
  auto res = client_->Get("/repos/octocat/hello-world", headers);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
}

TEST_F(FakeGitHubTest, SearchesRepositoriesCodeAndIssues) {
  auto repos = get("/search/repositories?q=hello");
  ASSERT_TRUE(repos);
  ASSERT_EQ(repos->status, 200);
  auto body = json::parse(repos->body);
  EXPECT_EQ(body["total_count"], 1);
  EXPECT_EQ(body["incomplete_results"], false);
  EXPECT_EQ(body["items"][0]["full_name"], "octocat/hello-world");

  auto code = get("/search/code?q=printf+repo:octocat/hello-world");
  ASSERT_TRUE(code);
  body = json::parse(code->body);
  ASSERT_EQ(body["total_count"], 1);
  EXPECT_EQ(body["items"][0]["path"], "src/main.c");
  EXPECT_EQ(body["items"][0]["repository"]["full_name"], "octocat/hello-world");

  auto prs = get("/search/issues?q=repo:octocat/hello-world+is:pr");
  ASSERT_TRUE(prs);
  body = json::parse(prs->body);
  EXPECT_EQ(body["total_count"], 2);
  EXPECT_TRUE(body["items"][0].contains("pull_request"));

  auto missing_q = get("/search/issues");
  ASSERT_TRUE(missing_q);
  EXPECT_EQ(missing_q->status, 422);
}

TEST_F(FakeGitHubTest, FileContentIsBase64WrappedAtSixtyCharacters) {
  auto res = get("/repos/octocat/hello-world/contents/src/main.c");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const auto body = json::parse(res->body);
  EXPECT_EQ(body["type"], "file");
  EXPECT_EQ(body["encoding"], "base64");
  EXPECT_EQ(body["path"], "src/main.c");
  const std::string content = body["content"];
  ASSERT_FALSE(content.empty());
  EXPECT_EQ(content.back(), '\n');
  std::size_t start = 0;
  for (auto nl = content.find('\n'); nl != std::string::npos; start = nl + 1, nl = content.find('\n', start))
    EXPECT_LE(nl - start, 60u);
  EXPECT_EQ(content.substr(0, 20), "I2luY2x1ZGUgPHN0ZGlv");  // "#include <stdio"
}

TEST_F(FakeGitHubTest, DirectoriesListChildrenAndRefsSelectTrees) {
  auto dir = get("/repos/octocat/hello-world/contents/src");
  ASSERT_TRUE(dir);
  const auto listing = json::parse(dir->body);
  ASSERT_TRUE(listing.is_array());
  ASSERT_EQ(listing.size(), 2u);
  EXPECT_EQ(listing[0]["name"], "main.c");
  EXPECT_EQ(listing[1]["type"], "dir");

  auto dev = get("/repos/octocat/hello-world/contents/README.md?ref=dev");
  auto main = get("/repos/octocat/hello-world/contents/README.md");
  ASSERT_TRUE(dev && main);
  EXPECT_NE(json::parse(dev->body)["sha"], json::parse(main->body)["sha"]);

  auto bad_ref = get("/repos/octocat/hello-world/contents/README.md?ref=nope");
  ASSERT_TRUE(bad_ref);
  EXPECT_EQ(bad_ref->status, 404);
  auto missing = get("/repos/octocat/nothing/contents/README.md");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(json::parse(missing->body)["message"], "Not Found");
}

TEST_F(FakeGitHubTest, PaginatesWithLinkHeaders) {
  auto first = get("/repos/octocat/hello-world/commits?per_page=3");
  ASSERT_TRUE(first);
  EXPECT_EQ(json::parse(first->body).size(), 3u);
  const auto link = first->get_header_value("Link");
  const std::string base = fake_.base_url();
  EXPECT_NE(link.find("<" + base + "/repos/octocat/hello-world/commits?per_page=3&page=2>; rel=\"next\""),
            std::string::npos)
      << link;
  EXPECT_NE(link.find("page=3>; rel=\"last\""), std::string::npos) << link;

  auto last = get("/repos/octocat/hello-world/commits?per_page=3&page=3");
  ASSERT_TRUE(last);
  EXPECT_EQ(json::parse(last->body).size(), 1u);
  EXPECT_EQ(last->get_header_value("Link").find("rel=\"next\""), std::string::npos);
  EXPECT_NE(last->get_header_value("Link").find("rel=\"first\""), std::string::npos);
}

TEST_F(FakeGitHubTest, IssuesCommentsPullsAndDiffs) {
  auto issues = get("/repos/octocat/hello-world/issues?state=all");
  ASSERT_TRUE(issues);
  EXPECT_EQ(json::parse(issues->body).size(), 6u);
  auto comments = get("/repos/octocat/hello-world/issues/1/comments");
  ASSERT_TRUE(comments);
  EXPECT_EQ(json::parse(comments->body).size(), 2u);
  auto pulls = get("/repos/octocat/hello-world/pulls?state=all");
  ASSERT_TRUE(pulls);
  EXPECT_EQ(json::parse(pulls->body).size(), 2u);

  auto headers = auth();
  headers.erase("Accept");
  headers.emplace("Accept", "application/vnd.github.diff");
  auto diff = client_->Get("/repos/octocat/hello-world/pulls/5", headers);
  ASSERT_TRUE(diff);
  EXPECT_EQ(diff->status, 200);
  EXPECT_TRUE(diff->body.starts_with("diff --git")) << diff->body;
  auto not_a_pull = get("/repos/octocat/hello-world/pulls/1");
  ASSERT_TRUE(not_a_pull);
  EXPECT_EQ(not_a_pull->status, 404);
}

TEST_F(FakeGitHubTest, CreatesIssuesAndComments) {
  auto created = client_->Post("/repos/octocat/hello-world/issues", auth(), R"({"title":"New","body":"text"})",
                               "application/json");
  ASSERT_TRUE(created);
  EXPECT_EQ(created->status, 201);
  const auto issue = json::parse(created->body);
  EXPECT_EQ(issue["number"], 7);
  EXPECT_NE(created->get_header_value("Location").find("/issues/7"), std::string::npos);

  auto comment = client_->Post("/repos/octocat/hello-world/issues/7/comments", auth(), R"({"body":"hi"})",
                               "application/json");
  ASSERT_TRUE(comment);
  EXPECT_EQ(comment->status, 201);
  EXPECT_EQ(json::parse(comment->body)["body"], "hi");

  auto invalid = client_->Post("/repos/octocat/hello-world/issues", auth(), R"({"body":"no title"})",
                               "application/json");
  ASSERT_TRUE(invalid);
  EXPECT_EQ(invalid->status, 422);
}

TEST_F(FakeGitHubTest, RateLimitHeadersOnEveryAnswerAndBothLimits) {
  auto a = get("/repos/octocat/hello-world");
  auto b = get("/repos/octocat/hello-world");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->get_header_value("X-RateLimit-Limit"), "5000");
  EXPECT_EQ(a->get_header_value("X-RateLimit-Resource"), "core");
  EXPECT_EQ(std::stoi(a->get_header_value("X-RateLimit-Remaining")) - 1,
            std::stoi(b->get_header_value("X-RateLimit-Remaining")));
  EXPECT_FALSE(b->get_header_value("X-RateLimit-Reset").empty());
  EXPECT_FALSE(b->get_header_value("X-RateLimit-Used").empty());

  fake_.secondary_limit_next(1, 429, 7);
  auto secondary = get("/repos/octocat/hello-world");
  ASSERT_TRUE(secondary);
  EXPECT_EQ(secondary->status, 429);
  EXPECT_EQ(secondary->get_header_value("Retry-After"), "7");
  EXPECT_NE(json::parse(secondary->body)["message"].get<std::string>().find("secondary rate limit"), std::string::npos);

  fake_.exhaust_rate_limit("core", std::chrono::seconds(120));
  auto primary = get("/repos/octocat/hello-world");
  ASSERT_TRUE(primary);
  EXPECT_EQ(primary->status, 403);
  EXPECT_EQ(primary->get_header_value("X-RateLimit-Remaining"), "0");
  auto search = get("/search/repositories?q=hello");  // another resource, its own bucket
  ASSERT_TRUE(search);
  EXPECT_EQ(search->status, 200);
  EXPECT_EQ(search->get_header_value("X-RateLimit-Resource"), "search");
}

TEST_F(FakeGitHubTest, InjectedFaults) {
  fake_.fail_next(2, 502);
  EXPECT_EQ(get("/repos/octocat/hello-world")->status, 502);
  EXPECT_EQ(get("/repos/octocat/hello-world")->status, 502);
  EXPECT_EQ(get("/repos/octocat/hello-world")->status, 200);

  fake_.huge_body_next(300'000);
  auto huge = get("/repos/octocat/hello-world");
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->body.size(), 300'000u);
  EXPECT_TRUE(json::accept(huge->body));

  fake_.stall_next(std::chrono::milliseconds(150));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(get("/repos/octocat/hello-world")->status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(150));
  EXPECT_EQ(fake_.request_count(), 5u);
}

TEST(FakeGitHubProcess, PrintsItsAddressAndServes) {
  int err[2];
  ASSERT_EQ(pipe(err), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(err[1], STDERR_FILENO);
    close(err[0]);
    execl(CONHUB_FAKE_GITHUB_EXE, CONHUB_FAKE_GITHUB_EXE, "--port", "0", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(err[1]);
  std::string line;
  char c = 0;
  while (read(err[0], &c, 1) == 1 && c != '\n') line.push_back(c);
  close(err[0]);
  const std::string prefix = "fake-github: listening on http://127.0.0.1:";
  ASSERT_TRUE(line.starts_with(prefix)) << line;
  const int port = std::stoi(line.substr(prefix.size()));
  httplib::Client client("127.0.0.1", port);
  auto res = client.Get("/repos/octocat/hello-world", {{"Authorization", "Bearer " + FakeGitHubOptions{}.token}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

}  // namespace
}  // namespace conhub::test
