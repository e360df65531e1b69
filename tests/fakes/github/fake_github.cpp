// Written from GitHub's REST documentation (docs.github.com/rest, API version 2022-11-28):
// "Authenticating to the REST API", "Rate limits for the REST API", "Using pagination in the
// REST API", and the reference pages for search, repository contents, issues, issue
// comments, pulls and commits. JSON shapes carry the fields a client is likely to read.
#include "fake_github.hpp"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace conhub::test {

using nlohmann::json;
using github::Comment;
using github::Commit;
using github::FileEntry;
using github::Issue;
using github::Repo;

namespace {

constexpr const char* kApiVersion = "2022-11-28";
constexpr const char* kJson = "application/json; charset=utf-8";
constexpr const char* kHtml = "https://github.com";

long long now_epoch() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

bool contains_ci(const std::string& haystack, const std::string& needle) {
  return lower(haystack).find(lower(needle)) != std::string::npos;
}

// GitHub's contents API returns base64 wrapped at 60 characters, each line ending in '\n'.
std::string base64_wrapped(std::string_view data) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string flat;
  for (std::size_t i = 0; i < data.size(); i += 3) {
    const unsigned b0 = static_cast<unsigned char>(data[i]);
    const unsigned b1 = i + 1 < data.size() ? static_cast<unsigned char>(data[i + 1]) : 0;
    const unsigned b2 = i + 2 < data.size() ? static_cast<unsigned char>(data[i + 2]) : 0;
    const unsigned triple = (b0 << 16) | (b1 << 8) | b2;
    flat.push_back(kAlphabet[(triple >> 18) & 63]);
    flat.push_back(kAlphabet[(triple >> 12) & 63]);
    flat.push_back(i + 1 < data.size() ? kAlphabet[(triple >> 6) & 63] : '=');
    flat.push_back(i + 2 < data.size() ? kAlphabet[triple & 63] : '=');
  }
  std::string out;
  for (std::size_t i = 0; i < flat.size(); i += 60) out += flat.substr(i, 60) + "\n";
  return out;
}

// A stable 40-hex "SHA" for a blob (FNV-1a, not SHA-1: the fake only needs stable ids).
std::string fake_sha(std::string_view data) {
  std::string out;
  std::uint64_t hash = 1469598103934665603ULL;
  for (int round = 0; out.size() < 40; ++round) {
    for (const char c : data) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    hash ^= static_cast<std::uint64_t>(round);
    static constexpr char kHex[] = "0123456789abcdef";
    for (int i = 0; i < 16 && out.size() < 40; ++i) out.push_back(kHex[(hash >> (i * 4)) & 15]);
  }
  return out;
}

std::string encode_query_value(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(ch);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

void send_json(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(), kJson);
}

void send_error(httplib::Response& res, int status, const std::string& message,
                const std::string& doc = "https://docs.github.com/rest") {
  send_json(res, status, json{{"message", message}, {"documentation_url", doc}, {"status", std::to_string(status)}});
}

void not_found(httplib::Response& res) { send_error(res, 404, "Not Found"); }

int int_param(const httplib::Request& req, const char* name, int fallback) {
  if (!req.has_param(name)) return fallback;
  try {
    return std::stoi(req.get_param_value(name));
  } catch (const std::exception&) {
    return fallback;
  }
}

json user_json(const std::string& login, const std::string& api) {
  long long id = 1;
  for (const char c : login) id = (id * 31 + static_cast<unsigned char>(c)) % 10'000'000;
  return {{"login", login},
          {"id", id},
          {"node_id", "MDQ6VXNlcj" + std::to_string(id)},
          {"avatar_url", "https://avatars.githubusercontent.com/u/" + std::to_string(id) + "?v=4"},
          {"url", api + "/users/" + login},
          {"html_url", std::string(kHtml) + "/" + login},
          {"type", login.find('-') != std::string::npos ? "Organization" : "User"},
          {"site_admin", false}};
}

json repo_json(const Repo& repo, const std::string& api) {
  const std::string url = api + "/repos/" + repo.full_name();
  int open_issues = 0;
  for (const auto& issue : repo.issues) open_issues += issue.state == "open" ? 1 : 0;
  return {{"id", repo.id},
          {"node_id", "R_kgDO" + std::to_string(repo.id)},
          {"name", repo.name},
          {"full_name", repo.full_name()},
          {"private", repo.is_private},
          {"visibility", repo.is_private ? "private" : "public"},
          {"owner", user_json(repo.owner, api)},
          {"html_url", std::string(kHtml) + "/" + repo.full_name()},
          {"description", repo.description},
          {"fork", false},
          {"url", url},
          {"contents_url", url + "/contents/{+path}"},
          {"issues_url", url + "/issues{/number}"},
          {"pulls_url", url + "/pulls{/number}"},
          {"commits_url", url + "/commits{/sha}"},
          {"created_at", "2023-01-26T19:01:12Z"},
          {"updated_at", "2024-03-07T10:00:00Z"},
          {"pushed_at", "2024-03-07T10:00:00Z"},
          {"stargazers_count", repo.stars},
          {"watchers_count", repo.stars},
          {"forks_count", repo.stars / 10},
          {"open_issues_count", open_issues},
          {"language", repo.language},
          {"default_branch", repo.default_branch},
          {"topics", json::array()},
          {"archived", false}};
}

json label_json(const std::string& name, const std::string& repo_url) {
  return {{"id", static_cast<long long>(std::hash<std::string>{}(name) % 100000000)},
          {"name", name},
          {"color", "d73a4a"},
          {"default", name == "bug"},
          {"url", repo_url + "/labels/" + name}};
}

json issue_json(const Repo& repo, const Issue& issue, const std::string& api) {
  const std::string repo_url = api + "/repos/" + repo.full_name();
  const std::string url = repo_url + "/issues/" + std::to_string(issue.number);
  const std::string html = std::string(kHtml) + "/" + repo.full_name() + (issue.is_pull ? "/pull/" : "/issues/") +
                           std::to_string(issue.number);
  json labels = json::array();
  for (const auto& label : issue.labels) labels.push_back(label_json(label, repo_url));
  json out = {{"id", repo.id * 1000 + issue.number},
              {"node_id", "I_kwDO" + std::to_string(repo.id * 1000 + issue.number)},
              {"url", url},
              {"repository_url", repo_url},
              {"comments_url", url + "/comments"},
              {"html_url", html},
              {"number", issue.number},
              {"state", issue.state},
              {"state_reason", issue.state == "closed" ? json("completed") : json(nullptr)},
              {"title", issue.title},
              {"body", issue.body},
              {"user", user_json(issue.user, api)},
              {"labels", labels},
              {"assignees", json::array()},
              {"locked", false},
              {"comments", issue.comments.size()},
              {"created_at", issue.created_at},
              {"updated_at", issue.updated_at},
              {"closed_at", issue.state == "closed" ? json(issue.updated_at) : json(nullptr)},
              {"author_association", issue.user == repo.owner ? "OWNER" : "CONTRIBUTOR"}};
  if (issue.is_pull) {
    const std::string pull_url = repo_url + "/pulls/" + std::to_string(issue.number);
    out["pull_request"] = {{"url", pull_url}, {"html_url", html}, {"diff_url", html + ".diff"},
                           {"patch_url", html + ".patch"},
                           {"merged_at", issue.merged ? json(issue.updated_at) : json(nullptr)}};
  }
  return out;
}

json pull_json(const Repo& repo, const Issue& pull, const std::string& api) {
  const std::string repo_url = api + "/repos/" + repo.full_name();
  const std::string html = std::string(kHtml) + "/" + repo.full_name() + "/pull/" + std::to_string(pull.number);
  auto branch = [&](const std::string& ref) {
    return json{{"label", repo.owner + ":" + ref}, {"ref", ref}, {"sha", fake_sha(repo.full_name() + ref)},
                {"user", user_json(repo.owner, api)}, {"repo", repo_json(repo, api)}};
  };
  int additions = 0, deletions = 0;
  std::size_t files = 0;
  for (std::size_t at = 0; at < pull.diff.size();) {
    const auto end = pull.diff.find('\n', at);
    const auto line = pull.diff.substr(at, end == std::string::npos ? std::string::npos : end - at);
    if (line.starts_with("diff --git")) ++files;
    else if (line.starts_with("+") && !line.starts_with("+++")) ++additions;
    else if (line.starts_with("-") && !line.starts_with("---")) ++deletions;
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return {{"id", repo.id * 1000 + pull.number},
          {"node_id", "PR_kwDO" + std::to_string(repo.id * 1000 + pull.number)},
          {"url", repo_url + "/pulls/" + std::to_string(pull.number)},
          {"html_url", html},
          {"diff_url", html + ".diff"},
          {"patch_url", html + ".patch"},
          {"issue_url", repo_url + "/issues/" + std::to_string(pull.number)},
          {"number", pull.number},
          {"state", pull.state},
          {"locked", false},
          {"title", pull.title},
          {"body", pull.body},
          {"user", user_json(pull.user, api)},
          {"created_at", pull.created_at},
          {"updated_at", pull.updated_at},
          {"closed_at", pull.state == "closed" ? json(pull.updated_at) : json(nullptr)},
          {"merged_at", pull.merged ? json(pull.updated_at) : json(nullptr)},
          {"merged", pull.merged},
          {"draft", false},
          {"head", branch(pull.head)},
          {"base", branch(pull.base)},
          {"comments", pull.comments.size()},
          {"commits", 1},
          {"additions", additions},
          {"deletions", deletions},
          {"changed_files", files}};
}

json comment_json(const Repo& repo, int number, const Comment& comment, const std::string& api) {
  const std::string repo_url = api + "/repos/" + repo.full_name();
  return {{"id", comment.id},
          {"node_id", "IC_kwDO" + std::to_string(comment.id)},
          {"url", repo_url + "/issues/comments/" + std::to_string(comment.id)},
          {"html_url", std::string(kHtml) + "/" + repo.full_name() + "/issues/" + std::to_string(number) +
                           "#issuecomment-" + std::to_string(comment.id)},
          {"issue_url", repo_url + "/issues/" + std::to_string(number)},
          {"body", comment.body},
          {"user", user_json(comment.user, api)},
          {"created_at", comment.created_at},
          {"updated_at", comment.created_at},
          {"author_association", comment.user == repo.owner ? "OWNER" : "CONTRIBUTOR"}};
}

json commit_json(const Repo& repo, const Commit& commit, const Commit* parent, const std::string& api) {
  const std::string repo_url = api + "/repos/" + repo.full_name();
  const json person = {{"name", commit.author}, {"email", commit.author + "@users.noreply.github.com"},
                       {"date", commit.date}};
  json parents = json::array();
  if (parent != nullptr)
    parents.push_back({{"sha", parent->sha}, {"url", repo_url + "/commits/" + parent->sha}});
  return {{"sha", commit.sha},
          {"node_id", "C_kwDO" + commit.sha.substr(0, 12)},
          {"commit",
           {{"author", person},
            {"committer", person},
            {"message", commit.message},
            {"tree", {{"sha", fake_sha(commit.sha)}, {"url", repo_url + "/git/trees/" + fake_sha(commit.sha)}}},
            {"comment_count", 0}}},
          {"url", repo_url + "/commits/" + commit.sha},
          {"html_url", std::string(kHtml) + "/" + repo.full_name() + "/commit/" + commit.sha},
          {"author", user_json(commit.author, api)},
          {"committer", user_json(commit.author, api)},
          {"parents", parents}};
}

json content_entry(const Repo& repo, const std::string& ref, const std::string& path, bool is_dir,
                   const std::string& content, const std::string& api) {
  const std::string name = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  const std::string sha = fake_sha(is_dir ? repo.full_name() + ":" + path : content);
  const std::string url = api + "/repos/" + repo.full_name() + "/contents/" + path + "?ref=" + ref;
  const std::string git_url = api + "/repos/" + repo.full_name() + (is_dir ? "/git/trees/" : "/git/blobs/") + sha;
  const std::string html = std::string(kHtml) + "/" + repo.full_name() + (is_dir ? "/tree/" : "/blob/") + ref + "/" + path;
  return {{"type", is_dir ? "dir" : "file"},
          {"size", is_dir ? 0 : content.size()},
          {"name", name},
          {"path", path},
          {"sha", sha},
          {"url", url},
          {"git_url", git_url},
          {"html_url", html},
          {"download_url", is_dir ? json(nullptr)
                                  : json("https://raw.githubusercontent.com/" + repo.full_name() + "/" + ref + "/" + path)},
          {"_links", {{"self", url}, {"git", git_url}, {"html", html}}}};
}

// Slices `items` by per_page/page and sets a Link header as GitHub does: prev, next, last
// and first, each a full URL keeping the request's other query parameters.
json paginate(const httplib::Request& req, httplib::Response& res, const json& items, const std::string& api) {
  const int per_page = std::clamp(int_param(req, "per_page", 30), 1, 100);
  const int page = std::max(int_param(req, "page", 1), 1);
  const int total = static_cast<int>(items.size());
  const int last = std::max(1, (total + per_page - 1) / per_page);
  json slice = json::array();
  for (int i = (page - 1) * per_page; i < std::min(total, page * per_page); ++i) slice.push_back(items[i]);

  std::string kept;
  for (const auto& [key, value] : req.params) {
    if (key == "page") continue;
    kept += encode_query_value(key) + "=" + encode_query_value(value) + "&";
  }
  auto link = [&](int n, const char* rel) {
    return "<" + api + req.path + "?" + kept + "page=" + std::to_string(n) + ">; rel=\"" + rel + "\"";
  };
  std::vector<std::string> links;
  if (page > 1) links.push_back(link(std::min(page - 1, last), "prev"));
  if (page < last) {
    links.push_back(link(page + 1, "next"));
    links.push_back(link(last, "last"));
  }
  if (page > 1) links.push_back(link(1, "first"));
  if (!links.empty()) {
    std::string header;
    for (const auto& l : links) header += (header.empty() ? "" : ", ") + l;
    res.set_header("Link", header);
  }
  return slice;
}

// A search query: free words (all must match, "quoted phrases" kept whole) and key:value qualifiers.
struct SearchQuery {
  std::vector<std::string> words;
  std::multimap<std::string, std::string> qualifiers;

  std::optional<std::string> get(const std::string& key) const {
    const auto it = qualifiers.find(key);
    return it == qualifiers.end() ? std::nullopt : std::optional<std::string>(it->second);
  }
  bool has(const std::string& key, const std::string& value) const {
    const auto [first, last] = qualifiers.equal_range(key);
    for (auto it = first; it != last; ++it)
      if (lower(it->second) == lower(value)) return true;
    return false;
  }
};

SearchQuery parse_search(const std::string& q) {
  SearchQuery query;
  std::size_t i = 0;
  while (i < q.size()) {
    while (i < q.size() && (q[i] == ' ' || q[i] == '+')) ++i;
    if (i >= q.size()) break;
    std::string token;
    if (q[i] == '"') {
      const auto end = q.find('"', i + 1);
      token = q.substr(i + 1, end == std::string::npos ? std::string::npos : end - i - 1);
      i = end == std::string::npos ? q.size() : end + 1;
      if (!token.empty()) query.words.push_back(token);
      continue;
    }
    while (i < q.size() && q[i] != ' ' && q[i] != '+') token.push_back(q[i++]);
    const auto colon = token.find(':');
    if (colon != std::string::npos && colon > 0 && colon + 1 < token.size())
      query.qualifiers.emplace(lower(token.substr(0, colon)), token.substr(colon + 1));
    else
      query.words.push_back(token);
  }
  return query;
}

bool all_words_in(const SearchQuery& query, const std::vector<const std::string*>& fields) {
  for (const auto& word : query.words) {
    bool found = false;
    for (const auto* field : fields) found = found || contains_ci(*field, word);
    if (!found) return false;
  }
  return true;
}

// The q parameter is required on every search endpoint: 422 without it.
bool require_q(const httplib::Request& req, httplib::Response& res) {
  if (req.has_param("q") && !req.get_param_value("q").empty()) return true;
  send_json(res, 422, json{{"message", "Validation Failed"},
                           {"errors", json::array({{{"resource", "Search"}, {"field", "q"}, {"code", "missing"}}})},
                           {"documentation_url", "https://docs.github.com/rest/search/search"},
                           {"status", "422"}});
  return false;
}

json search_result(const json& page, std::size_t total) {
  return {{"total_count", total}, {"incomplete_results", false}, {"items", page}};
}

}  // namespace

FakeGitHub::FakeGitHub(FakeGitHubOptions options) : options_(std::move(options)), world_(github::seed_world()) {
  const long long now = now_epoch();
  core_ = {.limit = options_.core_limit, .used = 0, .reset_epoch = now + 3600};
  search_ = {.limit = options_.search_limit, .used = 0, .reset_epoch = now + 60};
}

FakeGitHub::~FakeGitHub() { stop(); }

std::string FakeGitHub::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

void FakeGitHub::start(int port) {
  if (server_) throw std::logic_error("FakeGitHub already started");
  server_ = std::make_unique<httplib::Server>();
  // Short keep-alive so stop() never waits long on an idle client connection.
  server_->set_keep_alive_timeout(2);
  install_routes();
  port_ = port == 0 ? server_->bind_to_any_port("127.0.0.1") : (server_->bind_to_port("127.0.0.1", port) ? port : -1);
  if (port_ <= 0) {
    server_.reset();
    throw std::runtime_error("fake-github: cannot bind 127.0.0.1:" + std::to_string(port));
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!server_->is_running()) {
    if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("fake-github: server did not start");
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

void FakeGitHub::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
}

void FakeGitHub::stall_next(std::chrono::milliseconds delay, int count) {
  std::lock_guard lock(mutex_);
  stall_delay_ = delay;
  stall_count_ = count;
}

void FakeGitHub::fail_next(int count, int status, std::optional<int> retry_after_seconds) {
  std::lock_guard lock(mutex_);
  fail_count_ = count;
  fail_status_ = status;
  fail_retry_after_ = retry_after_seconds;
}

void FakeGitHub::huge_body_next(std::size_t bytes, bool chunked) {
  std::lock_guard lock(mutex_);
  huge_bytes_ = bytes;
  huge_chunked_ = chunked;
}

void FakeGitHub::secondary_limit_next(int count, int status, std::optional<int> retry_after_seconds) {
  std::lock_guard lock(mutex_);
  secondary_count_ = count;
  secondary_status_ = status;
  secondary_retry_after_ = retry_after_seconds;
}

void FakeGitHub::exhaust_rate_limit(std::string resource, std::chrono::seconds reset_in) {
  std::lock_guard lock(mutex_);
  Bucket& bucket = bucket_for(resource);
  bucket.used = bucket.limit;
  bucket.reset_epoch = now_epoch() + reset_in.count();
}

std::vector<SeenRequest> FakeGitHub::requests() const {
  std::lock_guard lock(mutex_);
  return seen_;
}

std::size_t FakeGitHub::request_count() const {
  std::lock_guard lock(mutex_);
  return seen_.size();
}

void FakeGitHub::clear_requests() {
  std::lock_guard lock(mutex_);
  seen_.clear();
}

FakeGitHub::Bucket& FakeGitHub::bucket_for(const std::string& resource) {
  Bucket& bucket = resource == "search" ? search_ : core_;
  const long long now = now_epoch();
  if (now >= bucket.reset_epoch) {
    bucket.used = 0;
    bucket.reset_epoch = now + (resource == "search" ? 60 : 3600);
  }
  return bucket;
}

std::string FakeGitHub::api_base(const httplib::Request& req) const {
  const auto host = req.get_header_value("Host");
  return "http://" + (host.empty() ? "127.0.0.1:" + std::to_string(port_) : host);
}

FakeGitHub::Gate FakeGitHub::before_routing(const httplib::Request& req, httplib::Response& res) {
  std::unique_lock lock(mutex_);
  SeenRequest seen{.method = req.method,
                   .path = req.path,
                   .target = req.target,
                   .authorization = req.get_header_value("Authorization"),
                   .user_agent = req.get_header_value("User-Agent"),
                   .accept = req.get_header_value("Accept"),
                   .api_version = req.get_header_value("X-GitHub-Api-Version"),
                   .body = req.body,
                   .remote_port = req.remote_port};
  seen_.push_back(std::move(seen));
  res.set_header("X-GitHub-Api-Version-Selected", kApiVersion);
  res.set_header("X-GitHub-Request-Id", "FAKE:" + std::to_string(seen_.size()));

  if (stall_count_ > 0) {
    --stall_count_;
    const auto delay = stall_delay_;
    stop_cv_.wait_for(lock, delay, [this] { return stopping_; });
  }
  if (huge_bytes_) {
    const std::size_t bytes = std::max<std::size_t>(*huge_bytes_, 2);
    const bool chunked = huge_chunked_;
    huge_bytes_.reset();
    lock.unlock();
    // "[", spaces, "]": valid JSON of any size.
    auto fill = [bytes](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
      std::string chunk(std::min<std::size_t>(length, 64 * 1024), ' ');
      if (offset == 0) chunk.front() = '[';
      if (offset + chunk.size() >= bytes) chunk.back() = ']';
      return sink.write(chunk.data(), chunk.size());
    };
    res.status = 200;
    if (chunked) {
      res.set_chunked_content_provider("application/json", [bytes, fill](std::size_t offset, httplib::DataSink& sink) {
        if (offset >= bytes) {
          sink.done();
          return true;
        }
        return fill(offset, bytes - offset, sink);
      });
    } else {
      res.set_content_provider(bytes, "application/json", fill);
    }
    return Gate::kHandled;
  }
  if (fail_count_ > 0) {
    --fail_count_;
    if (fail_retry_after_) res.set_header("Retry-After", std::to_string(*fail_retry_after_));
    send_json(res, fail_status_, json{{"message", fail_status_ == 502 ? "Bad Gateway" : "Service Unavailable"}});
    return Gate::kHandled;
  }

  // Authentication: "Authorization: Bearer <token>" (or the older "token <token>").
  const std::string auth = req.get_header_value("Authorization");
  if (auth.empty()) {
    send_error(res, 401, "Requires authentication", "https://docs.github.com/rest");
    return Gate::kHandled;
  }
  const auto space = auth.find(' ');
  const std::string scheme = lower(auth.substr(0, space));
  const std::string credential = space == std::string::npos ? "" : auth.substr(space + 1);
  if ((scheme != "bearer" && scheme != "token") || credential != options_.token) {
    send_error(res, 401, "Bad credentials", "https://docs.github.com/rest");
    return Gate::kHandled;
  }
  if (const auto version = req.get_header_value("X-GitHub-Api-Version"); !version.empty() && version != kApiVersion) {
    send_error(res, 400, "Unsupported 'X-GitHub-Api-Version' header: " + version + ". The only supported version is " +
                             kApiVersion + ".",
               "https://docs.github.com/rest/overview/api-versions");
    return Gate::kHandled;
  }

  const std::string resource = req.path.starts_with("/search/") ? "search" : "core";
  if (req.path == "/rate_limit") {  // not counted, as on GitHub
    const Bucket core = bucket_for("core"), search = bucket_for("search");
    auto entry = [](const Bucket& b) {
      return json{{"limit", b.limit}, {"used", b.used}, {"remaining", b.limit - b.used}, {"reset", b.reset_epoch}};
    };
    send_json(res, 200, json{{"resources", {{"core", entry(core)}, {"search", entry(search)}}}, {"rate", entry(core)}});
    return Gate::kHandled;
  }
  Bucket& bucket = bucket_for(resource);
  auto rate_headers = [&] {
    res.set_header("X-RateLimit-Limit", std::to_string(bucket.limit));
    res.set_header("X-RateLimit-Remaining", std::to_string(std::max(0, bucket.limit - bucket.used)));
    res.set_header("X-RateLimit-Used", std::to_string(bucket.used));
    res.set_header("X-RateLimit-Reset", std::to_string(bucket.reset_epoch));
    res.set_header("X-RateLimit-Resource", resource);
  };
  if (secondary_count_ > 0) {
    --secondary_count_;
    rate_headers();
    if (secondary_retry_after_) res.set_header("Retry-After", std::to_string(*secondary_retry_after_));
    send_error(res, secondary_status_,
               "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
               "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits");
    return Gate::kHandled;
  }
  if (bucket.used >= bucket.limit) {
    rate_headers();
    send_error(res, 403, "API rate limit exceeded for user ID 1.",
               "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits");
    return Gate::kHandled;
  }
  ++bucket.used;
  rate_headers();
  return Gate::kPass;
}

void FakeGitHub::install_routes() {
  auto& s = *server_;
  s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    return before_routing(req, res) == Gate::kHandled ? httplib::Server::HandlerResponse::Handled
                                                      : httplib::Server::HandlerResponse::Unhandled;
  });
  // Unrouted paths and handler-less errors get GitHub's JSON error body.
  s.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    if (res.status == 404) not_found(res);
    else send_error(res, res.status, res.status >= 500 ? "Server Error" : "Bad Request");
    return httplib::Server::HandlerResponse::Handled;
  }));
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    send_error(res, 500, "Server Error");
  });
  auto route = [this](void (FakeGitHub::*handler)(const httplib::Request&, httplib::Response&)) {
    return [this, handler](const httplib::Request& req, httplib::Response& res) { (this->*handler)(req, res); };
  };
  const std::string repo = R"(/repos/([^/]+)/([^/]+))";
  s.Get("/search/repositories", route(&FakeGitHub::search_repositories));
  s.Get("/search/code", route(&FakeGitHub::search_code));
  s.Get("/search/issues", route(&FakeGitHub::search_issues));
  s.Get(repo, route(&FakeGitHub::get_repo));
  s.Get(repo + R"(/contents(/.*)?)", route(&FakeGitHub::get_contents));
  s.Get(repo + "/issues", route(&FakeGitHub::list_issues));
  s.Get(repo + R"(/issues/(\d+))", route(&FakeGitHub::get_issue));
  s.Get(repo + R"(/issues/(\d+)/comments)", route(&FakeGitHub::list_comments));
  s.Get(repo + "/pulls", route(&FakeGitHub::list_pulls));
  s.Get(repo + R"(/pulls/(\d+))", route(&FakeGitHub::get_pull));
  s.Get(repo + "/commits", route(&FakeGitHub::list_commits));
  s.Post(repo + "/issues", route(&FakeGitHub::create_issue));
  s.Post(repo + R"(/issues/(\d+)/comments)", route(&FakeGitHub::create_comment));
}

void FakeGitHub::record_body(const httplib::Request& req) {
  // httplib reads a body after the pre-routing handler, so the record made there lacks it.
  for (auto it = seen_.rbegin(); it != seen_.rend(); ++it) {
    if (it->remote_port == req.remote_port && it->target == req.target && it->body.empty()) {
      it->body = req.body;
      return;
    }
  }
}

Repo* FakeGitHub::find_repo(const httplib::Request& req) {
  if (req.matches.size() < 3) return nullptr;
  const std::string owner = lower(req.matches[1].str()), name = lower(req.matches[2].str());
  for (auto& repo : world_.repos)
    if (lower(repo.owner) == owner && lower(repo.name) == name) return &repo;
  return nullptr;
}

void FakeGitHub::search_repositories(const httplib::Request& req, httplib::Response& res) {
  if (!require_q(req, res)) return;
  const auto query = parse_search(req.get_param_value("q"));
  const std::string api = api_base(req);
  std::lock_guard lock(mutex_);
  std::vector<const Repo*> hits;
  for (const auto& repo : world_.repos) {
    const auto owner = query.get("user") ? query.get("user") : query.get("org");
    if (owner && lower(*owner) != lower(repo.owner)) continue;
    if (const auto language = query.get("language"); language && lower(*language) != lower(repo.language)) continue;
    if (query.has("is", "public") && repo.is_private) continue;
    if (query.has("is", "private") && !repo.is_private) continue;
    const std::string full = repo.full_name();
    if (!all_words_in(query, {&full, &repo.description})) continue;
    hits.push_back(&repo);
  }
  std::stable_sort(hits.begin(), hits.end(), [](const Repo* a, const Repo* b) { return a->stars > b->stars; });
  json items = json::array();
  for (const auto* repo : hits) {
    auto item = repo_json(*repo, api);
    item["score"] = 1.0;
    items.push_back(std::move(item));
  }
  send_json(res, 200, search_result(paginate(req, res, items, api), hits.size()));
}

void FakeGitHub::search_code(const httplib::Request& req, httplib::Response& res) {
  if (!require_q(req, res)) return;
  const auto query = parse_search(req.get_param_value("q"));
  const std::string api = api_base(req);
  std::lock_guard lock(mutex_);
  json items = json::array();
  for (const auto& repo : world_.repos) {
    if (const auto r = query.get("repo"); r && lower(*r) != lower(repo.full_name())) continue;
    const auto owner = query.get("user") ? query.get("user") : query.get("org");
    if (owner && lower(*owner) != lower(repo.owner)) continue;
    const auto files = repo.files.find(repo.default_branch);
    if (files == repo.files.end()) continue;
    for (const auto& file : files->second) {
      if (const auto p = query.get("path"); p && !lower(file.path).starts_with(lower(*p))) continue;
      if (const auto ext = query.get("extension"); ext && !lower(file.path).ends_with("." + lower(*ext))) continue;
      const std::string name = file.path.substr(file.path.rfind('/') == std::string::npos ? 0 : file.path.rfind('/') + 1);
      if (const auto fn = query.get("filename"); fn && lower(*fn) != lower(name)) continue;
      if (!all_words_in(query, {&file.content, &file.path})) continue;
      const std::string sha = fake_sha(file.content);
      json repository = repo_json(repo, api);
      items.push_back({{"name", name},
                       {"path", file.path},
                       {"sha", sha},
                       {"url", api + "/repos/" + repo.full_name() + "/contents/" + file.path + "?ref=" + repo.commits.front().sha},
                       {"git_url", api + "/repos/" + repo.full_name() + "/git/blobs/" + sha},
                       {"html_url", std::string(kHtml) + "/" + repo.full_name() + "/blob/" + repo.commits.front().sha + "/" + file.path},
                       {"repository", repository},
                       {"score", 1.0}});
    }
  }
  const auto total = items.size();
  send_json(res, 200, search_result(paginate(req, res, items, api), total));
}

void FakeGitHub::search_issues(const httplib::Request& req, httplib::Response& res) {
  if (!require_q(req, res)) return;
  const auto query = parse_search(req.get_param_value("q"));
  const std::string api = api_base(req);
  std::lock_guard lock(mutex_);
  json items = json::array();
  for (const auto& repo : world_.repos) {
    if (const auto r = query.get("repo"); r && lower(*r) != lower(repo.full_name())) continue;
    const auto owner = query.get("user") ? query.get("user") : query.get("org");
    if (owner && lower(*owner) != lower(repo.owner)) continue;
    for (auto it = repo.issues.rbegin(); it != repo.issues.rend(); ++it) {
      const Issue& issue = *it;
      const bool want_pr = query.has("is", "pr") || query.has("is", "pull-request") || query.has("type", "pr");
      const bool want_issue = query.has("is", "issue") || query.has("type", "issue");
      if ((want_pr && !issue.is_pull) || (want_issue && issue.is_pull)) continue;
      if ((query.has("is", "open") || query.has("state", "open")) && issue.state != "open") continue;
      if ((query.has("is", "closed") || query.has("state", "closed")) && issue.state != "closed") continue;
      if (const auto author = query.get("author"); author && lower(*author) != lower(issue.user)) continue;
      if (const auto label = query.get("label");
          label && std::find(issue.labels.begin(), issue.labels.end(), *label) == issue.labels.end())
        continue;
      if (!all_words_in(query, {&issue.title, &issue.body})) continue;
      auto item = issue_json(repo, issue, api);
      item["score"] = 1.0;
      items.push_back(std::move(item));
    }
  }
  const auto total = items.size();
  send_json(res, 200, search_result(paginate(req, res, items, api), total));
}

void FakeGitHub::get_repo(const httplib::Request& req, httplib::Response& res) {
  std::lock_guard lock(mutex_);
  const Repo* repo = find_repo(req);
  if (repo == nullptr) return not_found(res);
  send_json(res, 200, repo_json(*repo, api_base(req)));
}

void FakeGitHub::get_contents(const httplib::Request& req, httplib::Response& res) {
  std::lock_guard lock(mutex_);
  const Repo* repo = find_repo(req);
  if (repo == nullptr) return not_found(res);
  std::string path = req.matches.size() > 3 ? req.matches[3].str() : "";
  while (!path.empty() && path.front() == '/') path.erase(0, 1);
  while (!path.empty() && path.back() == '/') path.pop_back();
  const std::string ref = req.has_param("ref") ? req.get_param_value("ref") : repo->default_branch;
  auto files = repo->files.find(ref);
  if (files == repo->files.end()) {
    // A commit SHA of the default branch reads the default branch (the fake keeps one tree per branch).
    const bool known_sha = std::any_of(repo->commits.begin(), repo->commits.end(),
                                       [&](const Commit& c) { return c.sha == ref || c.sha.starts_with(ref); });
    if (!known_sha || ref.size() < 7) return send_error(res, 404, "No commit found for the ref " + ref,
                                                        "https://docs.github.com/rest/repos/contents#get-repository-content");
    files = repo->files.find(repo->default_branch);
  }
  const std::string api = api_base(req);
  const std::string accept = req.get_header_value("Accept");
  for (const auto& file : files->second) {
    if (file.path != path) continue;
    if (accept.find("application/vnd.github.raw") != std::string::npos) {
      res.status = 200;
      res.set_content(file.content, "application/vnd.github.raw");
      return;
    }
    auto body = content_entry(*repo, ref, file.path, false, file.content, api);
    body["encoding"] = "base64";
    body["content"] = base64_wrapped(file.content);
    return send_json(res, 200, body);
  }
  // A directory: its direct children, directories first as GitHub lists them by name.
  const std::string prefix = path.empty() ? "" : path + "/";
  std::set<std::string> dirs;
  std::vector<const FileEntry*> direct;
  for (const auto& file : files->second) {
    if (!file.path.starts_with(prefix)) continue;
    const std::string rest = file.path.substr(prefix.size());
    const auto slash = rest.find('/');
    if (slash == std::string::npos) direct.push_back(&file);
    else dirs.insert(prefix + rest.substr(0, slash));
  }
  if (dirs.empty() && direct.empty()) {
    return send_error(res, 404, "Not Found", "https://docs.github.com/rest/repos/contents#get-repository-content");
  }
  json listing = json::array();
  for (const auto& dir : dirs) listing.push_back(content_entry(*repo, ref, dir, true, "", api));
  for (const auto* file : direct) listing.push_back(content_entry(*repo, ref, file->path, false, file->content, api));
  std::sort(listing.begin(), listing.end(), [](const json& a, const json& b) { return a["name"] < b["name"]; });
  send_json(res, 200, listing);
}

void FakeGitHub::list_issues(const httplib::Request& req, httplib::Response& res) {
  std::lock_guard lock(mutex_);
  const Repo* repo = find_repo(req);
  if (repo == nullptr) return not_found(res);
  const std::string state = req.has_param("state") ? req.get_param_value("state") : "open";
  const std::string labels = req.has_param("labels") ? req.get_param_value("labels") : "";
  const std::string api = api_base(req);
  json items = json::array();
  for (auto it = repo->issues.rbegin(); it != repo->issues.rend(); ++it) {  // newest first
    if (state != "all" && it->state != state) continue;
    if (!labels.empty() && std::find(it->labels.begin(), it->labels.end(), labels) == it->labels.end()) continue;
    items.push_back(issue_json(*repo, *it, api));
  }
  send_json(res, 200, paginate(req, res, items, api));
}

void FakeGitHub::get_issue(const httplib::Request& req, httplib::Response& res) {
  std::lock_guard lock(mutex_);
  const Repo* repo = find_repo(req);
  if (repo == nullptr) return not_found(res);
  const int number = std::stoi(req.matches[3].str());
  for (const auto& issue : repo->issues)
    if (issue.number == number) return send_json(res, 200, issue_json(*repo, issue, api_base(req)));
  not_found(res);
}

void FakeGitHub::list_comments(const httplib::Request& req, httplib::Response& res) {
  std::lock_guard lock(mutex_);
  const Repo* repo = find_repo(req);
  if (repo == nullptr) return not_found(res);
  const int number = std::stoi(req.matches[3].str());
  const std::string api = api_base(req);
  for (const auto& issue : repo->issues) {
    if (issue.number != number) continue;
    json items = json::array();
    for (const auto& comment : issue.comments) items.push_back(comment_json(*repo, number, comment, api));
    return send_json(res, 200, paginate(req, res, items, api));
  }
  not_found(res);
}

void FakeGitHub::list_pulls(const httplib::Request& req, httplib::Response& res) {
  std::lock_guard lock(mutex_);
  const Repo* repo = find_repo(req);
  if (repo == nullptr) return not_found(res);
  const std::string state = req.has_param("state") ? req.get_param_value("state") : "open";
  const std::string api = api_base(req);
  json items = json::array();
  for (auto it = repo->issues.rbegin(); it != repo->issues.rend(); ++it) {
    if (!it->is_pull || (state != "all" && it->state != state)) continue;
    items.push_back(pull_json(*repo, *it, api));
  }
  send_json(res, 200, paginate(req, res, items, api));
}

void FakeGitHub::get_pull(const httplib::Request& req, httplib::Response& res) {
  std::lock_guard lock(mutex_);
  const Repo* repo = find_repo(req);
  if (repo == nullptr) return not_found(res);
  const int number = std::stoi(req.matches[3].str());
  for (const auto& issue : repo->issues) {
    if (issue.number != number || !issue.is_pull) continue;
    // Media types: application/vnd.github.diff (and the older vnd.github.v3.diff) ask for the diff.
    if (req.get_header_value("Accept").find(".diff") != std::string::npos) {
      res.status = 200;
      res.set_content(issue.diff, "application/vnd.github.diff; charset=utf-8");
      return;
    }
    return send_json(res, 200, pull_json(*repo, issue, api_base(req)));
  }
  not_found(res);
}

void FakeGitHub::list_commits(const httplib::Request& req, httplib::Response& res) {
  std::lock_guard lock(mutex_);
  const Repo* repo = find_repo(req);
  if (repo == nullptr) return not_found(res);
  if (req.has_param("sha")) {
    const std::string sha = req.get_param_value("sha");
    const bool known = repo->files.count(sha) > 0 ||
                       std::any_of(repo->commits.begin(), repo->commits.end(), [&](const Commit& c) { return c.sha == sha; });
    if (!known) return send_error(res, 404, "No commit found for SHA: " + sha,
                                  "https://docs.github.com/rest/commits/commits#list-commits");
  }
  const std::string api = api_base(req);
  json items = json::array();
  for (std::size_t i = 0; i < repo->commits.size(); ++i)
    items.push_back(commit_json(*repo, repo->commits[i], i + 1 < repo->commits.size() ? &repo->commits[i + 1] : nullptr, api));
  send_json(res, 200, paginate(req, res, items, api));
}

void FakeGitHub::create_issue(const httplib::Request& req, httplib::Response& res) {
  {
    std::lock_guard lock(mutex_);
    record_body(req);
  }
  const auto body = json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object())
    return send_error(res, 400, "Problems parsing JSON", "https://docs.github.com/rest/issues/issues#create-an-issue");
  const auto title = body.find("title");
  if (title == body.end() || !title->is_string() || title->get<std::string>().empty()) {
    return send_json(res, 422, json{{"message", "Validation Failed"},
                                    {"errors", json::array({{{"resource", "Issue"}, {"code", "missing_field"}, {"field", "title"}}})},
                                    {"documentation_url", "https://docs.github.com/rest/issues/issues#create-an-issue"},
                                    {"status", "422"}});
  }
  std::lock_guard lock(mutex_);
  Repo* repo = find_repo(req);
  if (repo == nullptr) return not_found(res);
  Issue issue{.number = repo->issues.empty() ? 1 : repo->issues.back().number + 1,
              .title = title->get<std::string>(),
              .body = body.value("body", std::string()),
              .user = options_.login,
              .created_at = "2024-04-01T12:00:00Z",
              .updated_at = "2024-04-01T12:00:00Z"};
  if (const auto labels = body.find("labels"); labels != body.end() && labels->is_array())
    for (const auto& label : *labels)
      if (label.is_string()) issue.labels.push_back(label.get<std::string>());
  repo->issues.push_back(issue);
  const std::string api = api_base(req);
  res.set_header("Location", api + "/repos/" + repo->full_name() + "/issues/" + std::to_string(issue.number));
  send_json(res, 201, issue_json(*repo, issue, api));
}

void FakeGitHub::create_comment(const httplib::Request& req, httplib::Response& res) {
  {
    std::lock_guard lock(mutex_);
    record_body(req);
  }
  const auto body = json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object())
    return send_error(res, 400, "Problems parsing JSON",
                      "https://docs.github.com/rest/issues/comments#create-an-issue-comment");
  const auto text = body.find("body");
  if (text == body.end() || !text->is_string() || text->get<std::string>().empty()) {
    return send_json(res, 422, json{{"message", "Validation Failed"},
                                    {"errors", json::array({{{"resource", "IssueComment"}, {"code", "missing_field"}, {"field", "body"}}})},
                                    {"documentation_url", "https://docs.github.com/rest/issues/comments#create-an-issue-comment"},
                                    {"status", "422"}});
  }
  std::lock_guard lock(mutex_);
  Repo* repo = find_repo(req);
  if (repo == nullptr) return not_found(res);
  const int number = std::stoi(req.matches[3].str());
  for (auto& issue : repo->issues) {
    if (issue.number != number) continue;
    Comment comment{.id = world_.next_id++, .user = options_.login, .body = text->get<std::string>(),
                    .created_at = "2024-04-01T12:00:00Z"};
    issue.comments.push_back(comment);
    const std::string api = api_base(req);
    res.set_header("Location", api + "/repos/" + repo->full_name() + "/issues/comments/" + std::to_string(comment.id));
    return send_json(res, 201, comment_json(*repo, number, comment, api));
  }
  not_found(res);
}

}  // namespace conhub::test
