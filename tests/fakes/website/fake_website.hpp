// FakeWebsite: a small web site on a loopback address for the web connector's tests: HTML
// pages with links in nested directories (for crawl depth), robots.txt, plain text,
// Markdown, JSON, an image, a page larger than 5 MiB, a long page for paging, a page that
// stalls, and redirects (301/302/307 chains, a loop, too many hops, a redirect to any URL
// given in `?to=`, to a non-http scheme). Bind it to 127.0.0.1, 127.0.0.2 or ::1. Every
// request is recorded, so a test can prove that a refused server saw nothing. Start it
// in-process, or as `fake_website --port 0`.
// Thread-safety: every public method may be called from any thread while it serves.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
}  // namespace httplib

namespace conhub::test {

class FakeWebsite {
 public:
  /// The default robots.txt: everyone stays out of /docs/private/.
  static constexpr const char* kDefaultRobots = "User-agent: *\nDisallow: /docs/private/\n";
  /// Bytes of /huge.html: more than the web connector's 5 MiB page limit.
  static constexpr std::size_t kHugeBytes = 6u << 20;

  explicit FakeWebsite(std::string host = "127.0.0.1");
  ~FakeWebsite();
  FakeWebsite(const FakeWebsite&) = delete;
  FakeWebsite& operator=(const FakeWebsite&) = delete;

  /// Binds host:`port` (0: any free port) and serves on a thread; throws if it cannot.
  void start(int port = 0);
  void stop();
  int port() const { return port_; }
  /// "http://127.0.0.1:PORT" or "http://[::1]:PORT" (no trailing slash).
  std::string base_url() const;

  void set_robots(std::string text);
  /// How long /slow waits before answering (default 10 s); stop() ends the wait.
  void set_slow_delay(std::chrono::milliseconds delay);

  /// The path and query of every request, in order.
  std::vector<std::string> requests() const;
  std::size_t request_count() const;
  void clear_requests();

 private:
  void install_routes();

  const std::string host_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;

  mutable std::mutex mutex_;
  std::condition_variable stop_cv_;              // wakes /slow on stop()
  bool stopping_ = false;                        // guarded by mutex_
  std::string robots_ = kDefaultRobots;          // guarded by mutex_
  std::chrono::milliseconds slow_delay_{10'000};  // guarded by mutex_
  std::vector<std::string> seen_;                // guarded by mutex_
};

}  // namespace conhub::test
