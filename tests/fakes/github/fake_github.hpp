// FakeGitHub: a GitHub REST API (version 2022-11-28) on 127.0.0.1, written from GitHub's
// public REST documentation: bearer-token check, search, contents, issues, pulls (with the
// diff media type), commits, creating issues and comments, Link pagination, X-RateLimit-*
// headers on every answer, primary and secondary rate limits, and faults a test can inject
// (5xx, stalls, huge bodies). Start it in-process from a test, or as `fake_github --port 0`.
// Thread-safety: every public method may be called from any thread while it serves.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "seed_data.hpp"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace conhub::test {

struct FakeGitHubOptions {
  std::string token = "ghp_fakeToken0123456789abcdefABCDEF0123";  // the one accepted credential
  std::string login = "octocat";                                  // who the token belongs to
  int core_limit = 5000;    // requests per hour (GitHub: 5,000 for a personal token)
  int search_limit = 30;    // search requests per minute
};

/// One request as the fake saw it.
struct SeenRequest {
  std::string method;
  std::string path;    // decoded path, no query
  std::string target;  // path and raw query as sent
  std::string authorization;
  std::string user_agent;
  std::string accept;
  std::string api_version;
  std::string body;    // POST bodies (read after routing, so filled in by the handler)
  int remote_port = 0;  // the client's port: equal ports mean a reused connection
};

class FakeGitHub {
 public:
  explicit FakeGitHub(FakeGitHubOptions options = {});
  ~FakeGitHub();
  FakeGitHub(const FakeGitHub&) = delete;
  FakeGitHub& operator=(const FakeGitHub&) = delete;

  /// Binds 127.0.0.1:`port` (0: any free port) and serves on a thread; throws if it cannot.
  void start(int port = 0);
  void stop();
  int port() const { return port_; }
  std::string base_url() const;
  const FakeGitHubOptions& options() const { return options_; }

  // Faults, applied in this order before authentication, each to the next matching responses.
  /// The next `count` requests are held for `delay` before any answer (stop() ends the wait).
  void stall_next(std::chrono::milliseconds delay, int count = 1);
  /// The next `count` requests answer `status` (502, 503, 504 …), with Retry-After if given.
  void fail_next(int count, int status = 503, std::optional<int> retry_after_seconds = std::nullopt);
  /// The next request answers 200 with `bytes` of JSON; chunked or with Content-Length.
  void huge_body_next(std::size_t bytes, bool chunked = true);
  /// The next `count` requests hit a secondary rate limit: `status` 403 or 429, with
  /// Retry-After if given (GitHub sometimes omits it).
  void secondary_limit_next(int count, int status = 403, std::optional<int> retry_after_seconds = std::nullopt);
  /// Uses up the primary limit of `resource` ("core" or "search"), resetting in `reset_in`.
  void exhaust_rate_limit(std::string resource = "core", std::chrono::seconds reset_in = std::chrono::seconds(3600));

  std::vector<SeenRequest> requests() const;
  std::size_t request_count() const;
  void clear_requests();

 private:
  struct Bucket {
    int limit = 0;
    int used = 0;
    long long reset_epoch = 0;
  };
  enum class Gate { kPass, kHandled };

  void install_routes();
  Gate before_routing(const httplib::Request& req, httplib::Response& res);
  std::string api_base(const httplib::Request& req) const;
  Bucket& bucket_for(const std::string& resource);  // caller holds mutex_

  // Handlers (each takes mutex_ for the world).
  void search_repositories(const httplib::Request& req, httplib::Response& res);
  void search_code(const httplib::Request& req, httplib::Response& res);
  void search_issues(const httplib::Request& req, httplib::Response& res);
  void get_repo(const httplib::Request& req, httplib::Response& res);
  void get_contents(const httplib::Request& req, httplib::Response& res);
  void list_issues(const httplib::Request& req, httplib::Response& res);
  void get_issue(const httplib::Request& req, httplib::Response& res);
  void list_comments(const httplib::Request& req, httplib::Response& res);
  void list_pulls(const httplib::Request& req, httplib::Response& res);
  void get_pull(const httplib::Request& req, httplib::Response& res);
  void list_commits(const httplib::Request& req, httplib::Response& res);
  void create_issue(const httplib::Request& req, httplib::Response& res);
  void create_comment(const httplib::Request& req, httplib::Response& res);
  github::Repo* find_repo(const httplib::Request& req);  // from matches[1..2]; caller holds mutex_
  void record_body(const httplib::Request& req);         // caller holds mutex_

  const FakeGitHubOptions options_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;

  mutable std::mutex mutex_;
  std::condition_variable stop_cv_;  // wakes stalled handlers on stop()
  bool stopping_ = false;            // guarded by mutex_
  github::World world_;              // guarded by mutex_
  std::vector<SeenRequest> seen_;    // guarded by mutex_
  Bucket core_, search_;             // guarded by mutex_
  // Pending faults, guarded by mutex_.
  int stall_count_ = 0;
  std::chrono::milliseconds stall_delay_{0};
  int fail_count_ = 0;
  int fail_status_ = 503;
  std::optional<int> fail_retry_after_;
  std::optional<std::size_t> huge_bytes_;
  bool huge_chunked_ = true;
  int secondary_count_ = 0;
  int secondary_status_ = 403;
  std::optional<int> secondary_retry_after_;
};

}  // namespace conhub::test
