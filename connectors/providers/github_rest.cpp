#include "github_rest.hpp"

#include <cctype>

namespace conhub::connectors::github {

using nlohmann::json;

std::string string_arg(const json& args, const char* key, std::string fallback) {
  auto it = args.find(key);
  return it != args.end() && it->is_string() ? it->get<std::string>() : fallback;
}

std::int64_t int_arg(const json& args, const char* key, std::int64_t fallback) {
  auto it = args.find(key);
  return it != args.end() && it->is_number_integer() ? it->get<std::int64_t>() : fallback;
}

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
  while (true) {
    const auto slash = path.find('/', start);
    if (start > 0) out += '/';
    out += percent_encode(path.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return out;
}

std::variant<JsonPage, mcp::ToolResult> get_json(const GitHubTools& gh, const std::string& target, mcp::Context& context) {
  auto res = gh.client->get(target, context.stop_token());
  if (!res) return tool_error(res.error(), *gh.context);
  JsonPage page;
  page.body = json::parse(res->body, nullptr, false);
  if (page.body.is_discarded())
    return mcp::ToolResult::error("GitHub answered " + path_only(target) + " with something that is not JSON; try again");
  for (auto link : res->headers.get_all("link"))
    if (link.find("rel=\"next\"") != std::string_view::npos) page.has_next_page = true;
  return page;
}

QueryParams page_params(const json& args, std::int64_t default_per_page) {
  return {{"per_page", std::to_string(int_arg(args, "per_page", default_per_page))},
          {"page", std::to_string(int_arg(args, "page", 1))}};
}

namespace {

std::string login_of(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_object() ? it->value("login", "") : "";
}

/// value() that also accepts an explicit null (GitHub sends "body": null).
std::string text_of(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

json label_names(const json& object) {
  json names = json::array();
  if (auto it = object.find("labels"); it != object.end() && it->is_array())
    for (const auto& label : *it)
      if (label.is_object()) names.push_back(label.value("name", ""));
  return names;
}

}  // namespace

json issue_summary(const json& issue) {
  json out{{"number", issue.value("number", 0)},
           {"title", text_of(issue, "title")},
           {"state", text_of(issue, "state")},
           {"url", text_of(issue, "html_url")},
           {"user", login_of(issue, "user")},
           {"labels", label_names(issue)},
           {"comments", issue.value("comments", 0)},
           {"created_at", text_of(issue, "created_at")},
           {"updated_at", text_of(issue, "updated_at")},
           {"is_pull_request", issue.contains("pull_request")}};
  const std::string repo_url = text_of(issue, "repository_url");
  if (const auto pos = repo_url.find("/repos/"); pos != std::string::npos) out["repo"] = repo_url.substr(pos + 7);
  return out;
}

json pull_summary(const json& pull) {
  auto branch = [&](const char* key) {
    auto it = pull.find(key);
    return it != pull.end() && it->is_object() ? it->value("ref", "") : "";
  };
  return {{"number", pull.value("number", 0)},
          {"title", text_of(pull, "title")},
          {"state", text_of(pull, "state")},
          {"merged", !text_of(pull, "merged_at").empty() || pull.value("merged", false)},
          {"draft", pull.value("draft", false)},
          {"url", text_of(pull, "html_url")},
          {"user", login_of(pull, "user")},
          {"head", branch("head")},
          {"base", branch("base")},
          {"labels", label_names(pull)},
          {"created_at", text_of(pull, "created_at")},
          {"updated_at", text_of(pull, "updated_at")}};
}

json comment_summary(const json& comment) {
  return {{"id", comment.value("id", std::int64_t{0})},
          {"user", login_of(comment, "user")},
          {"created_at", text_of(comment, "created_at")},
          {"body", text_of(comment, "body")},
          {"url", text_of(comment, "html_url")}};
}

json repo_summary(const json& repo) {
  return {{"full_name", text_of(repo, "full_name")},
          {"description", text_of(repo, "description")},
          {"language", text_of(repo, "language")},
          {"stars", repo.value("stargazers_count", 0)},
          {"private", repo.value("private", false)},
          {"archived", repo.value("archived", false)},
          {"default_branch", text_of(repo, "default_branch")},
          {"url", text_of(repo, "html_url")},
          {"updated_at", text_of(repo, "updated_at")}};
}

json code_hit(const json& item) {
  json out{{"path", text_of(item, "path")}, {"sha", text_of(item, "sha")}, {"url", text_of(item, "html_url")}};
  if (auto it = item.find("repository"); it != item.end() && it->is_object()) out["repo"] = text_of(*it, "full_name");
  return out;
}

json commit_summary(const json& commit) {
  json out{{"sha", text_of(commit, "sha")}, {"url", text_of(commit, "html_url")}};
  if (auto it = commit.find("commit"); it != commit.end() && it->is_object()) {
    out["message"] = text_of(*it, "message");
    if (auto author = it->find("author"); author != it->end() && author->is_object()) {
      out["author"] = text_of(*author, "name");
      out["date"] = text_of(*author, "date");
    }
  }
  if (const auto login = login_of(commit, "author"); !login.empty()) out["author_login"] = login;
  return out;
}

json text_window(const std::string& text, std::size_t offset, std::size_t max_length, std::string& slice) {
  auto boundary = [&](std::size_t at) {  // back up to the first byte of a UTF-8 sequence
    at = std::min(at, text.size());
    while (at > 0 && at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
    return at;
  };
  const std::size_t begin = boundary(offset);
  std::size_t end = begin + max_length >= text.size() ? text.size() : boundary(begin + max_length);
  if (end == begin && begin < text.size()) {  // one character longer than the window: take it whole
    end = begin + 1;
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  }
  slice = text.substr(begin, end - begin);
  return {{"total_length", text.size()},
          {"offset", begin},
          {"next_offset", end < text.size() ? json(end) : json(nullptr)}};
}

}  // namespace conhub::connectors::github
