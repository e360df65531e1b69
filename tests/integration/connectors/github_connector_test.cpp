// The github connector against the fake GitHub on 127.0.0.1, driven through an in-process
// MCP session: search issues, list issues, read a file and a directory, and a revoked token
// (401) becoming an isError result that marks the connection through the status sink.
#include "providers/github.hpp"

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
    HttpClientConfig config;
    config.base_url = fake_.base_url();
    config.connect_timeout = 2s;
    config.request_timeout = 10s;
    config.retry = {.max_attempts = 2, .base_delay = 10ms, .max_delay = 50ms, .max_total_wait = 1s};
    connector_ = std::make_unique<GitHubConnector>(
        ConnectorContext{.connection = {.id = 3, .provider = "github", .name = "work"}, .credentials = creds_, .status = creds_},
        config);
    connector_->declare(server_, ToolNamer("github", "work", false));
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

}  // namespace
}  // namespace conhub::connectors
