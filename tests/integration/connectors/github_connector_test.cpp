// The github connector against the fake GitHub on 127.0.0.1, driven through an in-process
// MCP session: every tool, the github:// resource template, write tools only when enabled,
// retries and rate limits seen through a tool call, cancellation of a stalled call, and a
// revoked token (401) becoming an isError result that marks the connection.
#include "providers/github.hpp"

#include <set>

#include <gtest/gtest.h>

#include "fake_github.hpp"
#include "support/memory_client.hpp"

namespace conhub::connectors {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

struct FakeCredentials : CredentialSource, ConnectionStatusSink {
  std::string token;
  std::vector<std::string> rejected;
  std::mutex mutex;
  Result<Credential> credential(std::int64_t) override {
    std::lock_guard lock(mutex);
    return Credential(json{{"kind", "api_key"}, {"api_key", token}}.dump());
  }
  void credential_rejected(std::int64_t, const std::string& reason) override {
    std::lock_guard lock(mutex);
    rejected.push_back(reason);
  }
};

class GitHubConnectorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fake_.start();
    creds_->token = fake_.options().token;
    connector_ = make_connector(json::object());
    connector_->declare(server_, ToolNamer("github", "work", false));
  }
  std::unique_ptr<GitHubConnector> make_connector(json connection_config) {
    HttpClientConfig config;
    config.base_url = fake_.base_url();
    config.connect_timeout = 2s;
    config.request_timeout = 10s;
    config.retry = {.max_attempts = 2, .base_delay = 10ms, .max_delay = 50ms, .max_total_wait = 1s};
    return std::make_unique<GitHubConnector>(
        ConnectorContext{.connection = {.id = 3, .provider = "github", .name = "work", .config = std::move(connection_config)},
                         .credentials = creds_, .status = creds_},
        config);
  }
  static std::set<std::string> tool_names(test::MemoryClient& c) {
    std::set<std::string> names;
    const auto listed = c.request("tools/list");  // kept alive: range-for over a temporary's member dangles
    for (const auto& t : listed["result"]["tools"]) names.insert(t["name"].get<std::string>());
    return names;
  }
  json call(test::MemoryClient& c, const std::string& tool, json args) {
    return c.request("tools/call", {{"name", tool}, {"arguments", std::move(args)}})["result"];
  }

  test::FakeGitHub fake_;
  std::shared_ptr<FakeCredentials> creds_ = std::make_shared<FakeCredentials>();
  mcp::Server server_{{.name = "t", .version = "1"}};
  std::unique_ptr<Connector> connector_;
};

TEST_F(GitHubConnectorTest, SearchesIssuesInOneRepositoryWithTheBearerToken) {
  test::MemoryClient c(server_);
  c.initialize();
  auto r = call(c, "github_search_issues", {{"query", "greeting"}, {"repo", "octocat/hello-world"}});
  ASSERT_FALSE(r.value("isError", false)) << r.dump();
  const auto& items = r["structuredContent"]["items"];
  ASSERT_FALSE(items.empty());
  for (const auto& item : items) EXPECT_EQ(item["repo"], "octocat/hello-world");
  const auto seen = fake_.requests();
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back().authorization, "Bearer " + fake_.options().token);
  EXPECT_EQ(seen.back().api_version, "2022-11-28");
  EXPECT_TRUE(call(c, "github_search_issues", {{"query", "x"}, {"repo", "../etc"}}).value("isError", false));
}

TEST_F(GitHubConnectorTest, ListsIssuesWithPaging) {
  test::MemoryClient c(server_);
  c.initialize();
  auto r = call(c, "github_list_issues", {{"repo", "octocat/hello-world"}, {"state", "all"}, {"per_page", 2}});
  ASSERT_FALSE(r.value("isError", false)) << r.dump();
  EXPECT_EQ(r["structuredContent"]["items"].size(), 2u);
  EXPECT_EQ(r["structuredContent"]["has_next_page"], true);
}

TEST_F(GitHubConnectorTest, GetsAFileAtARefAndListsADirectory) {
  test::MemoryClient c(server_);
  c.initialize();
  auto file = call(c, "github_get_file", {{"repo", "octocat/hello-world"}, {"path", "README.md"}, {"ref", "dev"}});
  ASSERT_FALSE(file.value("isError", false)) << file.dump();
  EXPECT_NE(file["content"][0]["text"].get<std::string>().find("Work in progress on dev."), std::string::npos);
  auto dir = call(c, "github_get_file", {{"repo", "octocat/hello-world"}, {"path", "src"}});
  ASSERT_FALSE(dir.value("isError", false)) << dir.dump();
  EXPECT_FALSE(dir["structuredContent"]["entries"].empty());
  auto missing = call(c, "github_get_file", {{"repo", "octocat/hello-world"}, {"path", "nope.txt"}});
  EXPECT_TRUE(missing.value("isError", false));
}

TEST_F(GitHubConnectorTest, ARevokedTokenIsAToolErrorAndMarksTheConnection) {
  creds_->token = "ghp_revoked000000000000000000000000000000";
  test::MemoryClient c(server_);
  c.initialize();
  auto r = call(c, "github_list_issues", {{"repo", "octocat/hello-world"}});
  EXPECT_TRUE(r.value("isError", false));
  const std::string text = r["content"][0]["text"];
  EXPECT_EQ(text.find("ghp_revoked"), std::string::npos);
  ASSERT_EQ(creds_->rejected.size(), 1u);
}

TEST_F(GitHubConnectorTest, SearchesRepositoriesAndCode) {
  test::MemoryClient c(server_);
  c.initialize();
  auto repos = call(c, "github_search_repositories", {{"query", "user:octocat"}});
  ASSERT_FALSE(repos.value("isError", false)) << repos.dump();
  const auto& items = repos["structuredContent"]["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["full_name"], "octocat/spoon-knife");  // most stars first
  EXPECT_EQ(items[1]["full_name"], "octocat/hello-world");
  EXPECT_EQ(items[1]["default_branch"], "main");
  EXPECT_FALSE(items[1].contains("owner")) << "summaries keep only the fields worth reading";

  auto code = call(c, "github_search_code", {{"query", "greet_len"}, {"repo", "octocat/hello-world"}});
  ASSERT_FALSE(code.value("isError", false)) << code.dump();
  ASSERT_EQ(code["structuredContent"]["items"].size(), 1u);
  EXPECT_EQ(code["structuredContent"]["items"][0]["path"], "src/util/strings.h");
  EXPECT_EQ(code["structuredContent"]["items"][0]["repo"], "octocat/hello-world");
  const auto seen = fake_.requests().back();
  EXPECT_EQ(seen.path, "/search/code");
  EXPECT_NE(seen.target.find("repo%3Aoctocat%2Fhello-world"), std::string::npos) << seen.target;
}

TEST_F(GitHubConnectorTest, GetsAnIssueWithItsComments) {
  test::MemoryClient c(server_);
  c.initialize();
  auto r = call(c, "github_get_issue", {{"repo", "octocat/hello-world"}, {"number", 1}});
  ASSERT_FALSE(r.value("isError", false)) << r.dump();
  const auto& issue = r["structuredContent"];
  EXPECT_EQ(issue["title"], "Found a bug");
  EXPECT_EQ(issue["body"], "The greeting crashes on empty names.");
  EXPECT_EQ(issue["labels"], json::array({"bug"}));
  ASSERT_EQ(issue["comment_list"].size(), 2u);
  EXPECT_EQ(issue["comment_list"][0]["user"], "octocat");
  EXPECT_EQ(issue["comment_list"][1]["body"], "Crash log attached.");

  fake_.clear_requests();
  auto bare = call(c, "github_get_issue", {{"repo", "octocat/hello-world"}, {"number", 1}, {"comments", 0}});
  ASSERT_FALSE(bare.value("isError", false)) << bare.dump();
  EXPECT_FALSE(bare["structuredContent"].contains("comment_list"));
  EXPECT_EQ(fake_.request_count(), 1u) << "comments: 0 must not fetch comments";

  auto missing = call(c, "github_get_issue", {{"repo", "octocat/hello-world"}, {"number", 999}});
  EXPECT_TRUE(missing.value("isError", false));
}

TEST_F(GitHubConnectorTest, ListsAndGetsPullRequestsAndTheirDiff) {
  test::MemoryClient c(server_);
  c.initialize();
  auto list = call(c, "github_list_pull_requests", {{"repo", "octocat/hello-world"}, {"state", "all"}});
  ASSERT_FALSE(list.value("isError", false)) << list.dump();
  ASSERT_EQ(list["structuredContent"]["items"].size(), 2u);
  EXPECT_EQ(list["structuredContent"]["items"][0]["number"], 6);

  auto pull = call(c, "github_get_pull_request", {{"repo", "octocat/hello-world"}, {"number", 6}});
  ASSERT_FALSE(pull.value("isError", false)) << pull.dump();
  EXPECT_EQ(pull["structuredContent"]["merged"], true);
  EXPECT_EQ(pull["structuredContent"]["head"], "fix-typo");
  EXPECT_EQ(pull["structuredContent"]["base"], "main");

  auto diff = call(c, "github_get_pull_request_diff", {{"repo", "octocat/hello-world"}, {"number", 5}});
  ASSERT_FALSE(diff.value("isError", false)) << diff.dump();
  const std::string text = diff["content"][0]["text"];
  EXPECT_TRUE(text.starts_with("diff --git a/src/util/strings.h")) << text;
  EXPECT_NE(text.find("+int greet_len(const char* name);"), std::string::npos);
  EXPECT_TRUE(diff["structuredContent"]["next_offset"].is_null());
  EXPECT_NE(fake_.requests().back().accept.find("application/vnd.github.diff"), std::string::npos);

  auto not_a_pull = call(c, "github_get_pull_request_diff", {{"repo", "octocat/hello-world"}, {"number", 1}});
  EXPECT_TRUE(not_a_pull.value("isError", false));
}

TEST_F(GitHubConnectorTest, ListsCommitsAcrossPages) {
  test::MemoryClient c(server_);
  c.initialize();
  auto first = call(c, "github_list_commits", {{"repo", "octocat/hello-world"}, {"per_page", 3}});
  ASSERT_FALSE(first.value("isError", false)) << first.dump();
  ASSERT_EQ(first["structuredContent"]["items"].size(), 3u);
  EXPECT_EQ(first["structuredContent"]["items"][0]["message"], "Merge pull request #6 from octocat/fix-typo");
  EXPECT_EQ(first["structuredContent"]["items"][0]["author"], "octocat");
  EXPECT_EQ(first["structuredContent"]["has_next_page"], true);
  auto last = call(c, "github_list_commits", {{"repo", "octocat/hello-world"}, {"per_page", 3}, {"page", 3}});
  ASSERT_EQ(last["structuredContent"]["items"].size(), 1u);
  EXPECT_EQ(last["structuredContent"]["items"][0]["message"], "Initial commit");
  EXPECT_EQ(last["structuredContent"]["has_next_page"], false);
  auto bad_ref = call(c, "github_list_commits", {{"repo", "octocat/hello-world"}, {"ref", "no-such-branch"}});
  EXPECT_TRUE(bad_ref.value("isError", false));
}

TEST_F(GitHubConnectorTest, ReadOnlyToolsAreAnnotatedAndWriteToolsAreOffByDefault) {
  test::MemoryClient c(server_);
  c.initialize();
  const auto tools = c.request("tools/list")["result"]["tools"];
  EXPECT_EQ(tools.size(), 10u);
  for (const auto& t : tools) {
    EXPECT_EQ(t["annotations"]["readOnlyHint"], true) << t["name"];
    EXPECT_EQ(t["annotations"]["openWorldHint"], true) << t["name"];
  }
  const auto names = tool_names(c);
  EXPECT_FALSE(names.count("github_create_issue"));
  EXPECT_FALSE(names.count("github_create_comment"));
}

TEST_F(GitHubConnectorTest, WriteToolsCreateAnIssueAndACommentWhenEnabled) {
  mcp::Server server{{.name = "w", .version = "1"}};
  auto writer = make_connector({{"allow_writes", true}});
  writer->declare(server, ToolNamer("github", "work", false));
  test::MemoryClient c(server);
  c.initialize();
  const auto listed = c.request("tools/list");
  for (const auto& t : listed["result"]["tools"]) {
    if (!t["name"].get<std::string>().starts_with("github_create_")) continue;
    EXPECT_EQ(t["annotations"]["readOnlyHint"], false) << t["name"];
    EXPECT_EQ(t["annotations"]["destructiveHint"], false) << t["name"];
    EXPECT_EQ(t["annotations"]["idempotentHint"], false) << t["name"];
  }
  auto issue = call(c, "github_create_issue",
                    {{"repo", "octocat/hello-world"}, {"title", "Crash on start"}, {"body", "Steps: run it."},
                     {"labels", json::array({"bug"})}});
  ASSERT_FALSE(issue.value("isError", false)) << issue.dump();
  EXPECT_EQ(issue["structuredContent"]["number"], 7);
  const auto posted = fake_.requests().back();
  EXPECT_EQ(posted.method, "POST");
  EXPECT_EQ(json::parse(posted.body), json({{"title", "Crash on start"}, {"body", "Steps: run it."}, {"labels", {"bug"}}}));

  auto comment = call(c, "github_create_comment", {{"repo", "octocat/hello-world"}, {"number", 7}, {"body", "Looking."}});
  ASSERT_FALSE(comment.value("isError", false)) << comment.dump();
  auto read_back = call(c, "github_get_issue", {{"repo", "octocat/hello-world"}, {"number", 7}});
  ASSERT_EQ(read_back["structuredContent"]["comment_list"].size(), 1u);
  EXPECT_EQ(read_back["structuredContent"]["comment_list"][0]["body"], "Looking.");
  EXPECT_EQ(read_back["structuredContent"]["comment_list"][0]["user"], fake_.options().login);
}

TEST_F(GitHubConnectorTest, AFailedPostIsNotRepeated) {
  mcp::Server server{{.name = "w", .version = "1"}};
  auto writer = make_connector({{"allow_writes", true}});
  writer->declare(server, ToolNamer("github", "work", false));
  test::MemoryClient c(server);
  c.initialize();
  fake_.fail_next(1, 502);
  fake_.clear_requests();
  auto r = call(c, "github_create_issue", {{"repo", "octocat/hello-world"}, {"title", "Once"}});
  EXPECT_TRUE(r.value("isError", false));
  EXPECT_EQ(fake_.request_count(), 1u) << "a POST GitHub may have seen is never sent twice";
}

TEST_F(GitHubConnectorTest, ReadsFilesThroughTheResourceTemplate) {
  test::MemoryClient c(server_);
  c.initialize();
  const auto templates = c.request("resources/templates/list")["result"]["resourceTemplates"];
  ASSERT_EQ(templates.size(), 1u);
  EXPECT_EQ(templates[0]["uriTemplate"], "github://{owner}/{repo}/{+path}{?ref}");

  auto read = c.request("resources/read", {{"uri", "github://octocat/hello-world/src/main.c"}});
  ASSERT_TRUE(read.contains("result")) << read.dump();
  EXPECT_NE(read["result"]["contents"][0]["text"].get<std::string>().find("hello, world"), std::string::npos);

  auto at_ref = c.request("resources/read", {{"uri", "github://octocat/hello-world/README.md?ref=dev"}});
  ASSERT_TRUE(at_ref.contains("result")) << at_ref.dump();
  EXPECT_NE(at_ref["result"]["contents"][0]["text"].get<std::string>().find("Work in progress on dev."), std::string::npos);
  EXPECT_EQ(at_ref["result"]["contents"][0]["mimeType"], "text/markdown");
  EXPECT_EQ(fake_.requests().back().target, "/repos/octocat/hello-world/contents/README.md?ref=dev");

  auto missing = c.request("resources/read", {{"uri", "github://octocat/hello-world/nope.txt"}});
  ASSERT_TRUE(missing.contains("error")) << missing.dump();
  EXPECT_EQ(missing["error"]["code"], -32002);
}

TEST_F(GitHubConnectorTest, AServerErrorIsRetriedInsideOneToolCall) {
  test::MemoryClient c(server_);
  c.initialize();
  fake_.clear_requests();
  fake_.fail_next(1, 503);
  auto r = call(c, "github_list_commits", {{"repo", "octocat/hello-world"}});
  ASSERT_FALSE(r.value("isError", false)) << r.dump();
  EXPECT_EQ(fake_.request_count(), 2u);
}

TEST_F(GitHubConnectorTest, AnExhaustedRateLimitIsAToolErrorSayingWhenToRetry) {
  test::MemoryClient c(server_);
  c.initialize();
  fake_.exhaust_rate_limit("search", std::chrono::seconds(1800));
  fake_.clear_requests();
  auto r = call(c, "github_search_repositories", {{"query", "hello"}});
  ASSERT_TRUE(r.value("isError", false)) << r.dump();
  const std::string text = r["content"][0]["text"];
  EXPECT_NE(text.find("rate limit"), std::string::npos) << text;
  EXPECT_EQ(fake_.request_count(), 1u) << "a wait longer than the retry budget is not slept through: " << text;
  // The core limit is separate: other tools keep working.
  EXPECT_FALSE(call(c, "github_list_issues", {{"repo", "octocat/hello-world"}}).value("isError", false));
}

TEST_F(GitHubConnectorTest, CancellingAToolCallAbortsTheStalledProviderRequest) {
  test::MemoryClient c(server_);
  c.initialize();
  fake_.clear_requests();
  fake_.stall_next(10s);
  c.send({{"jsonrpc", "2.0"}, {"id", 77}, {"method", "tools/call"},
          {"params", {{"name", "github_list_issues"}, {"arguments", {{"repo", "octocat/hello-world"}}}}}});
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (fake_.request_count() == 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
  ASSERT_EQ(fake_.request_count(), 1u);
  const auto cancelled_at = std::chrono::steady_clock::now();
  c.send({{"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", {{"requestId", 77}, {"reason", "user"}}}});
  while (c.session().in_flight() > 0 && std::chrono::steady_clock::now() - cancelled_at < 5s)
    std::this_thread::sleep_for(1ms);
  EXPECT_EQ(c.session().in_flight(), 0u);
  EXPECT_LT(std::chrono::steady_clock::now() - cancelled_at, 1s);
  EXPECT_FALSE(c.response(77, 200ms).has_value()) << "a cancelled request gets no response";
}

}  // namespace
}  // namespace conhub::connectors
