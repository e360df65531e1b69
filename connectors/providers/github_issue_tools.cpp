// Issues and pull requests: list and get them with their conversation, and a pull
// request's diff (https://docs.github.com/rest/issues, /rest/pulls). GitHub lists pull
// requests among issues; get_issue works for both, get_pull_request adds branches and
// merge state, and the diff comes from the same endpoint with the diff media type.
#include "github_rest.hpp"

#include <fmt/format.h>

namespace conhub::connectors::github {

using mcp::Schema;
using mcp::ToolResult;
using nlohmann::json;

namespace {

constexpr std::int64_t kMaxComments = 100;

std::string issue_path(const std::string& repo, std::int64_t number) {
  return fmt::format("/repos/{}/issues/{}", repo, number);
}

Schema repo_and_number(const char* what) {
  return Schema::object({{"repo", Schema::string("owner/name")},
                         {"number", Schema::integer(what).range(1, 1e9)},
                         {"comments", Schema::integer("how many comments to include, oldest first; default 30, 0 for none")
                                          .range(0, kMaxComments)
                                          .optional()}})
      .closed();
}

Schema list_schema(const char* state_help) {
  return Schema::object({{"repo", Schema::string("owner/name")},
                         {"state", Schema::string(state_help).one_of({"open", "closed", "all"}).optional()},
                         {"per_page", Schema::integer("results per page, default 30").range(1, 100).optional()},
                         {"page", Schema::integer("page, default 1").range(1, 1000).optional()}})
      .closed();
}

/// Adds the first `limit` comments of issue `number` to `out` (comments live on the issue,
/// also for a pull request's conversation).
std::optional<ToolResult> add_comments(const GitHubTools& gh, const std::string& repo, std::int64_t number,
                                       std::int64_t limit, json& out, mcp::Context& context) {
  if (limit == 0) return std::nullopt;
  auto page = get_json(gh, with_query(issue_path(repo, number) + "/comments", {{"per_page", std::to_string(limit)}}),
                       context);
  if (auto* error = std::get_if<ToolResult>(&page)) return std::move(*error);
  json comments = json::array();
  for (const auto& c : std::get<JsonPage>(page).body)
    if (c.is_object()) comments.push_back(comment_summary(c));
  out["comments_included"] = comments.size();
  out["comment_list"] = std::move(comments);
  return std::nullopt;
}

std::string body_text(const json& object) {
  auto it = object.find("body");
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

Registrations declare_issue_tools(mcp::Server& server, const ToolNamer& namer, const GitHubTools& gh) {
  Registrations out;

  out.push_back(server.add_tool(
      {.name = namer("list_issues"),
       .title = "List issues",
       .description = "List a repository's issues, newest first (GitHub includes pull requests, marked "
                      "is_pull_request).",
       .input = list_schema("open (default), closed or all"),
       .hints = kReadHints},
      [gh](const json& a, mcp::Context& context) -> ToolResult {
        const auto repo = string_arg(a, "repo");
        if (!valid_repo(repo)) return ToolResult::error(kBadRepo);
        QueryParams params{{"state", string_arg(a, "state", "open")}};
        for (auto& p : page_params(a, 30)) params.push_back(std::move(p));
        auto page = get_json(gh, with_query("/repos/" + repo + "/issues", params), context);
        if (auto* error = std::get_if<ToolResult>(&page)) return std::move(*error);
        const auto& body = std::get<JsonPage>(page).body;
        if (!body.is_array()) return ToolResult::error("GitHub answered with something unreadable; try again");
        json items = json::array();
        for (const auto& item : body) items.push_back(issue_summary(item));
        return ToolResult::structured_json({{"items", std::move(items)}, {"has_next_page", std::get<JsonPage>(page).has_next_page}});
      }));

  out.push_back(server.add_tool(
      {.name = namer("get_issue"),
       .title = "Get an issue with its comments",
       .description = "Read one issue (or pull request) by number: title, state, labels, body and its comments.",
       .input = repo_and_number("issue number"),
       .hints = kReadHints},
      [gh](const json& a, mcp::Context& context) -> ToolResult {
        const auto repo = string_arg(a, "repo");
        if (!valid_repo(repo)) return ToolResult::error(kBadRepo);
        const auto number = int_arg(a, "number", 0);
        auto page = get_json(gh, issue_path(repo, number), context);
        if (auto* error = std::get_if<ToolResult>(&page)) return std::move(*error);
        const auto& issue = std::get<JsonPage>(page).body;
        if (!issue.is_object()) return ToolResult::error("GitHub answered with something unreadable; try again");
        json result = issue_summary(issue);
        result["body"] = body_text(issue);
        if (auto error = add_comments(gh, repo, number, int_arg(a, "comments", 30), result, context)) return std::move(*error);
        return ToolResult::structured_json(std::move(result));
      }));

  out.push_back(server.add_tool(
      {.name = namer("list_pull_requests"),
       .title = "List pull requests",
       .description = "List a repository's pull requests, newest first, with head and base branches.",
       .input = list_schema("open (default), closed or all"),
       .hints = kReadHints},
      [gh](const json& a, mcp::Context& context) -> ToolResult {
        const auto repo = string_arg(a, "repo");
        if (!valid_repo(repo)) return ToolResult::error(kBadRepo);
        QueryParams params{{"state", string_arg(a, "state", "open")}};
        for (auto& p : page_params(a, 30)) params.push_back(std::move(p));
        auto page = get_json(gh, with_query("/repos/" + repo + "/pulls", params), context);
        if (auto* error = std::get_if<ToolResult>(&page)) return std::move(*error);
        const auto& body = std::get<JsonPage>(page).body;
        if (!body.is_array()) return ToolResult::error("GitHub answered with something unreadable; try again");
        json items = json::array();
        for (const auto& item : body) items.push_back(pull_summary(item));
        return ToolResult::structured_json({{"items", std::move(items)}, {"has_next_page", std::get<JsonPage>(page).has_next_page}});
      }));

  out.push_back(server.add_tool(
      {.name = namer("get_pull_request"),
       .title = "Get a pull request with its comments",
       .description = "Read one pull request: title, state, branches, merge state, size, body and its conversation "
                      "comments (not line-level review comments). Use get_pull_request_diff for the changes.",
       .input = repo_and_number("pull request number"),
       .hints = kReadHints},
      [gh](const json& a, mcp::Context& context) -> ToolResult {
        const auto repo = string_arg(a, "repo");
        if (!valid_repo(repo)) return ToolResult::error(kBadRepo);
        const auto number = int_arg(a, "number", 0);
        auto page = get_json(gh, fmt::format("/repos/{}/pulls/{}", repo, number), context);
        if (auto* error = std::get_if<ToolResult>(&page)) return std::move(*error);
        const auto& pull = std::get<JsonPage>(page).body;
        if (!pull.is_object()) return ToolResult::error("GitHub answered with something unreadable; try again");
        json result = pull_summary(pull);
        result["body"] = body_text(pull);
        for (const char* key : {"commits", "additions", "deletions", "changed_files"}) result[key] = pull.value(key, 0);
        if (auto error = add_comments(gh, repo, number, int_arg(a, "comments", 30), result, context)) return std::move(*error);
        return ToolResult::structured_json(std::move(result));
      }));

  out.push_back(server.add_tool(
      {.name = namer("get_pull_request_diff"),
       .title = "Get a pull request's diff",
       .description = "The unified diff of a pull request. Long diffs come in windows: pass the returned "
                      "next_offset as offset to read on.",
       .input = Schema::object({{"repo", Schema::string("owner/name")},
                                {"number", Schema::integer("pull request number").range(1, 1e9)},
                                {"offset", Schema::integer("first character, default 0").range(0, 1e12).optional()},
                                {"max_length", Schema::integer("characters to return, default 50,000")
                                                   .range(1000, 200000)
                                                   .optional()}})
                    .closed(),
       .hints = kReadHints},
      [gh](const json& a, mcp::Context& context) -> ToolResult {
        const auto repo = string_arg(a, "repo");
        if (!valid_repo(repo)) return ToolResult::error(kBadRepo);
        Request request{.method = Method::kGet,
                        .target = fmt::format("/repos/{}/pulls/{}", repo, int_arg(a, "number", 0)),
                        .headers = {{"Accept", "application/vnd.github.diff"}}};
        auto res = gh.client->send(request, context.stop_token());
        if (!res) return tool_error(res.error(), *gh.context);
        std::string slice;
        auto window = text_window(res->body, static_cast<std::size_t>(int_arg(a, "offset", 0)),
                                  static_cast<std::size_t>(int_arg(a, "max_length", 50'000)), slice);
        const auto shown = slice.size();
        ToolResult result = ToolResult::text(std::move(slice));
        if (!window["next_offset"].is_null())
          result.content.push_back(mcp::Content::text(fmt::format(
              "[diff continues: {} of {} characters shown; call again with offset {}]", shown, res->body.size(),
              window["next_offset"].get<std::size_t>())));
        result.structured = std::move(window);
        return result;
      }));
  return out;
}

}  // namespace conhub::connectors::github
