#include "github.hpp"

#include <fmt/format.h>

namespace conhub::connectors {

using nlohmann::json;

namespace {

constexpr const char* kApiVersion = "2022-11-28";

std::string string_arg(const json& a, const char* key, std::string fallback = {}) {
  auto it = a.find(key);
  return it != a.end() && it->is_string() ? it->get<std::string>() : fallback;
}
std::int64_t int_arg(const json& a, const char* key, std::int64_t fallback) {
  auto it = a.find(key);
  return it != a.end() && it->is_number_integer() ? it->get<std::int64_t>() : fallback;
}

/// "owner/name", checked so it cannot change the request path.
bool valid_repo(const std::string& repo) {
  const auto slash = repo.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == repo.size() || repo.find('/', slash + 1) != std::string::npos)
    return false;
  for (char c : repo)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '/')) return false;
  return repo.find("..") == std::string::npos;
}

std::string encode_path(const std::string& path) {
  std::string out;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto part = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (!out.empty() || start > 0) out += '/';
    out += percent_encode(part);
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return out;
}

json parse_body(const Response& response) {
  try {
    return json::parse(response.body);
  } catch (const json::exception&) {
    return json();
  }
}

json issue_summary(const json& item) {
  json out{{"number", item.value("number", 0)},
           {"title", item.value("title", "")},
           {"state", item.value("state", "")},
           {"url", item.value("html_url", "")},
           {"user", item.contains("user") && item["user"].is_object() ? item["user"].value("login", "") : ""},
           {"comments", item.value("comments", 0)},
           {"is_pull_request", item.contains("pull_request")}};
  if (item.contains("labels") && item["labels"].is_array()) {
    json labels = json::array();
    for (const auto& l : item["labels"])
      if (l.is_object()) labels.push_back(l.value("name", ""));
    out["labels"] = std::move(labels);
  }
  if (item.contains("repository_url") && item["repository_url"].is_string()) {
    const std::string repo_url = item["repository_url"];
    const auto pos = repo_url.find("/repos/");
    if (pos != std::string::npos) out["repo"] = repo_url.substr(pos + 7);
  }
  return out;
}

}  // namespace

std::string github_token_from(std::string_view credential_json) {
  try {
    const auto j = json::parse(credential_json);
    if (j.contains("api_key") && j["api_key"].is_string()) return j["api_key"];
    if (j.contains("access_token") && j["access_token"].is_string()) return j["access_token"];
  } catch (const json::exception&) {
    // not JSON: nothing usable
  }
  return {};
}

ConnectorInfo GitHubConnector::static_info() {
  return {.provider = "github", .credential = CredentialKind::kPersonalToken,
          .description = "GitHub or GitHub Enterprise: search issues, list issues, read files"};
}

CreateResult GitHubConnector::create(ConnectorContext context) {
  if (!context.credentials) return std::string("github needs a credential source");
  HttpClientConfig config;
  const json& c = context.connection.config;
  config.base_url = c.is_object() && c.contains("base_url") && c["base_url"].is_string() ? c["base_url"].get<std::string>()
                                                                                        : kDefaultBaseUrl;
  if (!config.base_url.starts_with("https://") && !config.base_url.starts_with("http://127.0.0.1") &&
      !config.base_url.starts_with("http://localhost"))
    return fmt::format("github/{}: base_url {} must be https:// (plain http only for loopback test servers)",
                       context.connection.name, config.base_url);
  return std::unique_ptr<Connector>(std::make_unique<GitHubConnector>(std::move(context), std::move(config)));
}

GitHubConnector::GitHubConnector(ConnectorContext context, HttpClientConfig config)
    : info_(static_info()), context_(std::make_shared<const ConnectorContext>(std::move(context))) {
  config.default_headers.set("Accept", "application/vnd.github+json");
  config.default_headers.set("X-GitHub-Api-Version", kApiVersion);
  // Decrypted per attempt and dropped with the Credential; HttpClient wipes the header value.
  config.authorization = [ctx = context_]() -> std::string {
    auto credential = ctx->credentials->credential(ctx->connection.id);
    if (!credential) return {};
    const auto token = github_token_from(credential->reveal());
    return token.empty() ? std::string() : "Bearer " + token;
  };
  client_ = std::make_shared<HttpClient>(std::move(config));
}

void GitHubConnector::declare_features(mcp::Server& server, const ToolNamer& namer) {
  using mcp::Schema;
  using mcp::ToolResult;
  const mcp::ToolHints read_hints{.read_only = true, .destructive = false, .idempotent = true, .open_world = true};
  auto client = client_;
  auto ctx = context_;

  keep(server.add_tool(
      {.name = namer("search_issues"),
       .title = "Search issues and pull requests",
       .description = "Search issues and pull requests with GitHub search syntax (e.g. 'is:open label:bug crash'). "
                      "Give repo to search one repository.",
       .input = Schema::object({{"query", Schema::string("GitHub search text and qualifiers").length(1, 256)},
                                {"repo", Schema::string("owner/name to search in").optional()},
                                {"per_page", Schema::integer("results, default 20").range(1, 100).optional()},
                                {"page", Schema::integer("page, default 1").range(1, 10).optional()}})
                    .closed(),
       .hints = read_hints},
      [client, ctx](const json& a, mcp::Context& context) -> ToolResult {
        std::string q = string_arg(a, "query");
        if (auto repo = string_arg(a, "repo"); !repo.empty()) {
          if (!valid_repo(repo)) return ToolResult::error("repo must be owner/name, e.g. octocat/hello-world");
          q += " repo:" + repo;
        }
        auto res = client->get(with_query("/search/issues", {{"q", q},
                                                              {"per_page", std::to_string(int_arg(a, "per_page", 20))},
                                                              {"page", std::to_string(int_arg(a, "page", 1))}}),
                               context.stop_token());
        if (!res) return tool_error(res.error(), *ctx);
        const auto body = parse_body(*res);
        if (!body.is_object()) return ToolResult::error("GitHub answered the search with something unreadable; try again");
        json items = json::array();
        for (const auto& item : body.value("items", json::array())) items.push_back(issue_summary(item));
        return ToolResult::structured_json({{"total_count", body.value("total_count", 0)}, {"items", std::move(items)}});
      }));

  keep(server.add_tool(
      {.name = namer("list_issues"),
       .title = "List issues",
       .description = "List a repository's issues (GitHub includes pull requests, marked is_pull_request).",
       .input = Schema::object({{"repo", Schema::string("owner/name")},
                                {"state", Schema::string("open (default), closed or all").one_of({"open", "closed", "all"}).optional()},
                                {"per_page", Schema::integer("results, default 30").range(1, 100).optional()},
                                {"page", Schema::integer("page, default 1").range(1, 1000).optional()}})
                    .closed(),
       .hints = read_hints},
      [client, ctx](const json& a, mcp::Context& context) -> ToolResult {
        const auto repo = string_arg(a, "repo");
        if (!valid_repo(repo)) return ToolResult::error("repo must be owner/name, e.g. octocat/hello-world");
        auto res = client->get(with_query("/repos/" + repo + "/issues",
                                          {{"state", string_arg(a, "state", "open")},
                                           {"per_page", std::to_string(int_arg(a, "per_page", 30))},
                                           {"page", std::to_string(int_arg(a, "page", 1))}}),
                               context.stop_token());
        if (!res) return tool_error(res.error(), *ctx);
        const auto body = parse_body(*res);
        if (!body.is_array()) return ToolResult::error("GitHub answered with something unreadable; try again");
        json items = json::array();
        for (const auto& item : body) items.push_back(issue_summary(item));
        const bool more = res->headers.get("link").value_or("").find("rel=\"next\"") != std::string_view::npos;
        return ToolResult::structured_json({{"items", std::move(items)}, {"has_next_page", more}});
      }));

  keep(server.add_tool(
      {.name = namer("get_file"),
       .title = "Get a file or directory",
       .description = "Read a file's text, or list a directory, in a repository at a ref (branch, tag or commit; "
                      "default: the default branch).",
       .input = Schema::object({{"repo", Schema::string("owner/name")},
                                {"path", Schema::string("path in the repository; empty for the top directory")},
                                {"ref", Schema::string("branch, tag or commit SHA").optional()}})
                    .closed(),
       .hints = read_hints},
      [client, ctx](const json& a, mcp::Context& context) -> ToolResult {
        const auto repo = string_arg(a, "repo");
        if (!valid_repo(repo)) return ToolResult::error("repo must be owner/name, e.g. octocat/hello-world");
        std::string path = string_arg(a, "path");
        while (!path.empty() && path.front() == '/') path.erase(0, 1);
        std::string target = "/repos/" + repo + "/contents/" + encode_path(path);
        if (auto ref = string_arg(a, "ref"); !ref.empty()) target = with_query(target, {{"ref", ref}});
        Request request{.method = Method::kGet, .target = target,
                        .headers = {{"Accept", "application/vnd.github.raw+json"}}};
        auto res = client->send(request, context.stop_token());
        if (!res) return tool_error(res.error(), *ctx);
        const auto type = res->headers.get("content-type").value_or("");
        if (type.find("vnd.github.raw") != std::string_view::npos) {
          if (res->body.find('\0') != std::string::npos)
            return ToolResult::error(path + " is a binary file; this tool returns text only");
          return ToolResult::text(std::move(res->body));
        }
        const auto body = parse_body(*res);
        if (body.is_array()) {
          json entries = json::array();
          for (const auto& e : body)
            entries.push_back({{"name", e.value("name", "")}, {"path", e.value("path", "")}, {"type", e.value("type", "")},
                               {"size", e.value("size", 0)}});
          return ToolResult::structured_json({{"path", path}, {"entries", std::move(entries)}});
        }
        return ToolResult::error("GitHub answered with something unreadable for " + path + "; check the path and ref");
      }));
}

}  // namespace conhub::connectors
