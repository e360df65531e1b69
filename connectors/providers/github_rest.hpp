// What the github tool files share: the client and connection every handler captures,
// argument readers, the checks that keep model-supplied values from changing a request
// path, the GET-and-parse step, and the compact shapes the tools return instead of
// GitHub's full objects (models read every byte, so only the fields worth reading stay).
// Thread-safety: free functions over values; GitHubTools is shared read-only.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include <conhub/mcp/server.hpp>

#include "../connector.hpp"
#include "../http/http_client.hpp"

namespace conhub::connectors::github {

/// Shared by every handler of one connection.
struct GitHubTools {
  std::shared_ptr<HttpClient> client;
  std::shared_ptr<const ConnectorContext> context;
};

using Registrations = std::vector<mcp::Registration>;

// One declare function per group of tools (github_*_tools.cpp).
Registrations declare_search_tools(mcp::Server& server, const ToolNamer& namer, const GitHubTools& gh);
Registrations declare_issue_tools(mcp::Server& server, const ToolNamer& namer, const GitHubTools& gh);
Registrations declare_repo_tools(mcp::Server& server, const ToolNamer& namer, const GitHubTools& gh);
Registrations declare_write_tools(mcp::Server& server, const ToolNamer& namer, const GitHubTools& gh);

/// Hints of every tool that only reads.
inline constexpr mcp::ToolHints kReadHints{.read_only = true, .destructive = false, .idempotent = true, .open_world = true};

std::string string_arg(const nlohmann::json& args, const char* key, std::string fallback = {});
std::int64_t int_arg(const nlohmann::json& args, const char* key, std::int64_t fallback);

/// "owner/name" made only of GitHub's name characters, so it cannot change the request path.
bool valid_repo(const std::string& repo);
inline constexpr const char* kBadRepo = "repo must be owner/name, e.g. octocat/hello-world";
/// Percent-encodes each segment of a repository path, keeping the slashes.
std::string encode_path(const std::string& path);

/// A parsed JSON answer and whether the Link header names a next page.
struct JsonPage {
  nlohmann::json body;
  bool has_next_page = false;
};
/// GETs `target` and parses the body; on failure, the tool result to return instead.
std::variant<JsonPage, mcp::ToolResult> get_json(const GitHubTools& gh, const std::string& target, mcp::Context& context);
/// The paging query every list tool sends.
QueryParams page_params(const nlohmann::json& args, std::int64_t default_per_page);

// Compact views of GitHub objects.
nlohmann::json issue_summary(const nlohmann::json& issue);
nlohmann::json pull_summary(const nlohmann::json& pull);
nlohmann::json comment_summary(const nlohmann::json& comment);
nlohmann::json repo_summary(const nlohmann::json& repo);
nlohmann::json code_hit(const nlohmann::json& item);
nlohmann::json commit_summary(const nlohmann::json& commit);

/// Cuts `text` to [offset, offset + max_length) on UTF-8 boundaries; `next_offset` is
/// null when the rest fits.
nlohmann::json text_window(const std::string& text, std::size_t offset, std::size_t max_length, std::string& slice);

}  // namespace conhub::connectors::github
