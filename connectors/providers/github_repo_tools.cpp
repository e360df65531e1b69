// Repository contents and history: github_get_file (a file's text or a directory listing
// at a ref), github_list_commits, and the resource template github://{owner}/{repo}/{+path}
// that lets a client read a file as a resource (https://docs.github.com/rest/repos/contents).
#include "github_rest.hpp"

#include <fmt/format.h>

#include "../base64.hpp"

namespace conhub::connectors::github {

using mcp::Schema;
using mcp::ToolResult;
using nlohmann::json;

namespace {

/// One file's bytes (raw media type) or a directory's JSON listing.
struct Contents {
  bool is_file = false;
  std::string bytes;     // file
  json entries;          // directory: [{name, path, type, size}]
};

std::variant<Contents, ApiError> get_contents(const GitHubTools& gh, const std::string& repo, std::string path,
                                              const std::string& ref, std::stop_token stop) {
  while (!path.empty() && path.front() == '/') path.erase(0, 1);
  std::string target = "/repos/" + repo + "/contents/" + encode_path(path);
  if (!ref.empty()) target = with_query(target, {{"ref", ref}});
  // The raw media type gives a file's bytes without base64; a directory still comes as JSON.
  Request request{.method = Method::kGet, .target = target, .headers = {{"Accept", "application/vnd.github.raw+json"}}};
  auto res = gh.client->send(request, stop);
  if (!res) return res.error();
  Contents out;
  if (res->headers.get("content-type").value_or("").find("vnd.github.raw") != std::string_view::npos) {
    out.is_file = true;
    out.bytes = std::move(res->body);
    return out;
  }
  const auto body = json::parse(res->body, nullptr, false);
  out.entries = json::array();
  if (body.is_array()) {
    for (const auto& e : body)
      if (e.is_object())
        out.entries.push_back({{"name", e.value("name", "")}, {"path", e.value("path", "")},
                               {"type", e.value("type", "")}, {"size", e.value("size", 0)}});
  } else if (body.is_object() && body.value("type", "") != "file") {
    // A symlink or submodule: GitHub describes it instead of giving bytes.
    out.entries.push_back({{"name", body.value("name", "")}, {"path", body.value("path", "")},
                           {"type", body.value("type", "")}, {"target", body.value("target", body.value("submodule_git_url", ""))}});
  } else {
    return ApiError{.kind = ApiErrorKind::kBadResponse, .http_status = res->status,
                    .message = "GitHub answered with something unreadable", .operation = "GET " + path_only(target)};
  }
  return out;
}

bool looks_binary(const std::string& bytes) { return bytes.find('\0') != std::string::npos; }

std::string mime_for(const std::string& path) {
  const auto dot = path.rfind('.');
  const std::string ext = dot == std::string::npos ? "" : path.substr(dot + 1);
  if (ext == "md" || ext == "markdown") return "text/markdown";
  if (ext == "json") return "application/json";
  if (ext == "html" || ext == "htm") return "text/html";
  if (ext == "png") return "image/png";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "gif") return "image/gif";
  if (ext == "pdf") return "application/pdf";
  return "text/plain";
}

}  // namespace

Registrations declare_repo_tools(mcp::Server& server, const ToolNamer& namer, const GitHubTools& gh) {
  Registrations out;

  out.push_back(server.add_tool(
      {.name = namer("get_file"),
       .title = "Get a file or directory",
       .description = "Read a file's text, or list a directory, in a repository at a ref (branch, tag or commit; "
                      "default: the default branch).",
       .input = Schema::object({{"repo", Schema::string("owner/name")},
                                {"path", Schema::string("path in the repository; empty for the top directory")},
                                {"ref", Schema::string("branch, tag or commit SHA").optional()}})
                    .closed(),
       .hints = kReadHints},
      [gh](const json& a, mcp::Context& context) -> ToolResult {
        const auto repo = string_arg(a, "repo");
        if (!valid_repo(repo)) return ToolResult::error(kBadRepo);
        const auto path = string_arg(a, "path");
        auto got = get_contents(gh, repo, path, string_arg(a, "ref"), context.stop_token());
        if (auto* error = std::get_if<ApiError>(&got)) return tool_error(*error, *gh.context);
        auto& contents = std::get<Contents>(got);
        if (!contents.is_file) return ToolResult::structured_json({{"path", path}, {"entries", std::move(contents.entries)}});
        if (looks_binary(contents.bytes))
          return ToolResult::error(fmt::format("{} is a binary file ({} bytes); this tool returns text only — read it as "
                                               "the resource github://{}/{} to get the bytes",
                                               path, contents.bytes.size(), repo, path));
        return ToolResult::text(std::move(contents.bytes));
      }));

  out.push_back(server.add_tool(
      {.name = namer("list_commits"),
       .title = "List commits",
       .description = "List commits newest first: on a branch, tag or SHA (default: the default branch), optionally "
                      "only those touching a path.",
       .input = Schema::object({{"repo", Schema::string("owner/name")},
                                {"ref", Schema::string("branch, tag or SHA to start from").optional()},
                                {"path", Schema::string("only commits touching this file or directory").optional()},
                                {"per_page", Schema::integer("results per page, default 30").range(1, 100).optional()},
                                {"page", Schema::integer("page, default 1").range(1, 1000).optional()}})
                    .closed(),
       .hints = kReadHints},
      [gh](const json& a, mcp::Context& context) -> ToolResult {
        const auto repo = string_arg(a, "repo");
        if (!valid_repo(repo)) return ToolResult::error(kBadRepo);
        QueryParams params;
        if (auto ref = string_arg(a, "ref"); !ref.empty()) params.push_back({"sha", ref});
        if (auto path = string_arg(a, "path"); !path.empty()) params.push_back({"path", path});
        for (auto& p : page_params(a, 30)) params.push_back(std::move(p));
        auto page = get_json(gh, with_query("/repos/" + repo + "/commits", params), context);
        if (auto* error = std::get_if<ToolResult>(&page)) return std::move(*error);
        const auto& body = std::get<JsonPage>(page).body;
        if (!body.is_array()) return ToolResult::error("GitHub answered with something unreadable; try again");
        json items = json::array();
        for (const auto& c : body) items.push_back(commit_summary(c));
        return ToolResult::structured_json({{"items", std::move(items)}, {"has_next_page", std::get<JsonPage>(page).has_next_page}});
      }));

  // github://{owner}/{repo}/{+path}; with several GitHub connections, github://<name>/… .
  const std::string prefix = namer.qualified() ? "github://" + namer.connection_part() + "/" : "github://";
  out.push_back(server.add_resource_template(
      {.uri_template = prefix + "{owner}/{repo}/{+path}{?ref}",
       .name = namer("file"),
       .title = "Files in GitHub repositories",
       .description = "A file in a repository at the default branch, or at ?ref=BRANCH|TAG|SHA"},
      [gh](const mcp::UriMatch& m, mcp::Context& context) -> mcp::Result<mcp::ResourceContents> {
        const std::string repo = m["owner"] + "/" + m["repo"];
        if (!valid_repo(repo)) return mcp::Error::invalid_params(kBadRepo);
        const auto ref = m.variables.count("ref") ? m.variables.at("ref") : std::string();
        auto got = get_contents(gh, repo, m["path"], ref, context.stop_token());
        if (auto* error = std::get_if<ApiError>(&got)) return resource_error(*error, *gh.context, m.uri);
        auto& contents = std::get<Contents>(got);
        if (!contents.is_file)
          return mcp::ResourceContents{mcp::ResourceContent::of_text(m.uri, contents.entries.dump(2), "application/json")};
        const auto mime = mime_for(m["path"]);
        if (looks_binary(contents.bytes))
          return mcp::ResourceContents{mcp::ResourceContent::of_blob(
              m.uri, base64_encode(contents.bytes), mime.starts_with("text/") ? "application/octet-stream" : mime)};
        return mcp::ResourceContents{mcp::ResourceContent::of_text(m.uri, std::move(contents.bytes), mime)};
      }));
  return out;
}

}  // namespace conhub::connectors::github
