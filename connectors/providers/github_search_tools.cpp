// github_search_repositories, github_search_code and github_search_issues: GitHub's search
// API (https://docs.github.com/rest/search/search). Search has its own, lower rate limit
// (30 requests a minute), which the shared client's retry policy honours.
#include "github_rest.hpp"

namespace conhub::connectors::github {

using mcp::Schema;
using mcp::ToolResult;
using nlohmann::json;

namespace {

Schema paged_query(std::string query_help, bool with_repo) {
  auto query = Schema::string(std::move(query_help)).length(1, 256);
  auto per_page = Schema::integer("results per page, default 20").range(1, 100).optional();
  auto page = Schema::integer("page, default 1 (search returns at most 1,000 results)").range(1, 10).optional();
  if (!with_repo) return Schema::object({{"query", query}, {"per_page", per_page}, {"page", page}}).closed();
  return Schema::object({{"query", query},
                         {"repo", Schema::string("owner/name to search in").optional()},
                         {"per_page", per_page},
                         {"page", page}})
      .closed();
}

/// The `q` parameter: the query plus `repo:` when one repository was named.
std::variant<std::string, ToolResult> search_text(const json& a) {
  std::string q = string_arg(a, "query");
  if (auto repo = string_arg(a, "repo"); !repo.empty()) {
    if (!valid_repo(repo)) return ToolResult::error(kBadRepo);
    q += " repo:" + repo;
  }
  return q;
}

/// Runs one search and maps its items with `summary`.
ToolResult run_search(const GitHubTools& gh, const char* path, const json& a, json (*summary)(const json&),
                      mcp::Context& context) {
  auto q = search_text(a);
  if (auto* error = std::get_if<ToolResult>(&q)) return std::move(*error);
  QueryParams params{{"q", std::get<std::string>(q)}};
  for (auto& p : page_params(a, 20)) params.push_back(std::move(p));
  auto page = get_json(gh, with_query(path, params), context);
  if (auto* error = std::get_if<ToolResult>(&page)) return std::move(*error);
  const auto& body = std::get<JsonPage>(page).body;
  if (!body.is_object()) return ToolResult::error("GitHub answered the search with something unreadable; try again");
  json items = json::array();
  for (const auto& item : body.value("items", json::array())) items.push_back(summary(item));
  return ToolResult::structured_json({{"total_count", body.value("total_count", 0)},
                                      {"incomplete_results", body.value("incomplete_results", false)},
                                      {"has_next_page", std::get<JsonPage>(page).has_next_page},
                                      {"items", std::move(items)}});
}

}  // namespace

Registrations declare_search_tools(mcp::Server& server, const ToolNamer& namer, const GitHubTools& gh) {
  Registrations out;
  out.push_back(server.add_tool(
      {.name = namer("search_repositories"),
       .title = "Search repositories",
       .description = "Search repositories with GitHub search syntax, e.g. 'http client language:cpp stars:>100' or "
                      "'user:octocat'. Returns name, description, language, stars and default branch.",
       .input = paged_query("GitHub search text and qualifiers", false),
       .hints = kReadHints},
      [gh](const json& a, mcp::Context& context) {
        return run_search(gh, "/search/repositories", a, &repo_summary, context);
      }));

  out.push_back(server.add_tool(
      {.name = namer("search_code"),
       .title = "Search code",
       .description = "Search file contents on the default branches with GitHub code search syntax, e.g. "
                      "'greet_len language:c' or 'path:src extension:h'. Give repo to search one repository. "
                      "Returns repository, path and URL per hit; read a hit with get_file.",
       .input = paged_query("words to find and qualifiers (path:, extension:, filename:, language:)", true),
       .hints = kReadHints},
      [gh](const json& a, mcp::Context& context) { return run_search(gh, "/search/code", a, &code_hit, context); }));

  out.push_back(server.add_tool(
      {.name = namer("search_issues"),
       .title = "Search issues and pull requests",
       .description = "Search issues and pull requests with GitHub search syntax (e.g. 'is:open label:bug crash', "
                      "'is:pr author:octocat'). Give repo to search one repository.",
       .input = paged_query("GitHub search text and qualifiers", true),
       .hints = kReadHints},
      [gh](const json& a, mcp::Context& context) {
        return run_search(gh, "/search/issues", a, &issue_summary, context);
      }));
  return out;
}

}  // namespace conhub::connectors::github
