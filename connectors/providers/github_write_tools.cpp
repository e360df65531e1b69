// github_create_issue and github_create_comment: the only tools that change anything on
// GitHub, declared only when the connection enables writes (`connect github --allow-writes`).
// A POST is never repeated after GitHub may have seen it (the shared client retries only
// idempotent requests on 5xx or a dropped connection), so a flaky network cannot file an
// issue twice.
#include "github_rest.hpp"

#include <fmt/format.h>

namespace conhub::connectors::github {

using mcp::Schema;
using mcp::ToolResult;
using nlohmann::json;

namespace {

// Additive: creating an issue or comment destroys nothing, but repeating it adds another.
constexpr mcp::ToolHints kCreateHints{.read_only = false, .destructive = false, .idempotent = false, .open_world = true};

std::variant<json, ToolResult> post_json(const GitHubTools& gh, const std::string& target, const json& body,
                                         mcp::Context& context) {
  Request request{.method = Method::kPost, .target = target,
                  .headers = {{"Content-Type", "application/json"}}, .body = body.dump()};
  auto res = gh.client->send(request, context.stop_token());
  if (!res) return tool_error(res.error(), *gh.context);
  auto parsed = json::parse(res->body, nullptr, false);
  if (!parsed.is_object())
    return ToolResult::error("GitHub accepted the request but its answer was unreadable; check on GitHub before "
                             "trying again, it may have been created");
  return parsed;
}

}  // namespace

Registrations declare_write_tools(mcp::Server& server, const ToolNamer& namer, const GitHubTools& gh) {
  Registrations out;

  out.push_back(server.add_tool(
      {.name = namer("create_issue"),
       .title = "Create an issue",
       .description = "Open a new issue in a repository. Returns its number and URL.",
       .input = Schema::object({{"repo", Schema::string("owner/name")},
                                {"title", Schema::string("issue title").length(1, 256)},
                                {"body", Schema::string("issue text, Markdown").length(0, 65536).optional()},
                                {"labels", Schema::array(Schema::string(), "label names; they must exist").optional()}})
                    .closed(),
       .hints = kCreateHints},
      [gh](const json& a, mcp::Context& context) -> ToolResult {
        const auto repo = string_arg(a, "repo");
        if (!valid_repo(repo)) return ToolResult::error(kBadRepo);
        json body{{"title", string_arg(a, "title")}};
        if (a.contains("body")) body["body"] = string_arg(a, "body");
        if (a.contains("labels")) body["labels"] = a["labels"];
        auto created = post_json(gh, "/repos/" + repo + "/issues", body, context);
        if (auto* error = std::get_if<ToolResult>(&created)) return std::move(*error);
        return ToolResult::structured_json(issue_summary(std::get<json>(created)));
      }));

  out.push_back(server.add_tool(
      {.name = namer("create_comment"),
       .title = "Comment on an issue or pull request",
       .description = "Add a comment to an issue or a pull request's conversation. Returns the comment's URL.",
       .input = Schema::object({{"repo", Schema::string("owner/name")},
                                {"number", Schema::integer("issue or pull request number").range(1, 1e9)},
                                {"body", Schema::string("comment text, Markdown").length(1, 65536)}})
                    .closed(),
       .hints = kCreateHints},
      [gh](const json& a, mcp::Context& context) -> ToolResult {
        const auto repo = string_arg(a, "repo");
        if (!valid_repo(repo)) return ToolResult::error(kBadRepo);
        auto created = post_json(gh, fmt::format("/repos/{}/issues/{}/comments", repo, int_arg(a, "number", 0)),
                                 json{{"body", string_arg(a, "body")}}, context);
        if (auto* error = std::get_if<ToolResult>(&created)) return std::move(*error);
        return ToolResult::structured_json(comment_summary(std::get<json>(created)));
      }));
  return out;
}

}  // namespace conhub::connectors::github
