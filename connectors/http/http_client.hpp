// HttpClient: the connectors' HTTP client on libcurl, one per connection (base URL, default
// headers, credential). It reuses connections (see detail/curl_pool.hpp), verifies TLS,
// bounds every attempt by a connect and a total timeout and every response by a size limit,
// stops within milliseconds when the caller's stop token fires, and retries 429/502/503/504
// and connection failures with backoff, honouring Retry-After and X-RateLimit-* (retry_policy.hpp).
// The Authorization value comes from a callback per attempt and is never logged nor put in
// an error. Thread-safety: send() may run on many threads at once; destroy the client only
// when no send() is running.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>

#include <sys/socket.h>

#include "http/api_error.hpp"
#include "http/http_types.hpp"
#include "http/retry_policy.hpp"

namespace conhub::connectors {

/// "conhub-mcp/<version>", the User-Agent every request carries unless configured otherwise.
std::string default_user_agent();

struct HttpClientConfig {
  /// "https://api.github.com", "https://ghe.example.com/api/v3", a test server. Empty: every
  /// request target must be an absolute http(s) URL (the web connector).
  std::string base_url;
  Headers default_headers;  // sent with every request unless the request sets the same name
  /// The whole Authorization value ("Bearer …"), fetched per attempt so a credential can be
  /// decrypted on demand and refreshed; empty means no Authorization header. Never logged.
  std::function<std::string()> authorization;  // called from any thread
  std::string user_agent = default_user_agent();
  Millis connect_timeout{10'000};
  Millis request_timeout{60'000};  // one attempt, connect to last byte
  std::size_t max_response_bytes = 16u << 20;
  RetryPolicy retry;
  /// At most 5, same-scheme-or-upgrade only. When false, a 3xx answer is returned as a
  /// Response (with its Location header) for the caller to follow.
  bool follow_redirects = true;
  /// Judges every socket address before a new connection is opened to it (after DNS, for
  /// each address tried): nullopt allows it, a reason refuses it. `host` is the request URL's
  /// host. When set, proxies from the environment are not used (the check would see the
  /// proxy's address instead of the target's), and a refused connection fails with
  /// ApiErrorKind::kRefused, never retried. Called on the sending thread; must not throw.
  std::function<std::optional<std::string>(std::string_view host, const sockaddr* address, socklen_t length)>
      check_address;
  std::string ca_file;           // extra CA bundle (an enterprise CA); empty: the system store
  std::size_t max_idle_handles = 4;
  /// Injected for tests; default: system_clock::now and a seeded mt19937_64.
  std::function<WallClock::time_point()> now;
  std::function<double()> unit_random;  // uniform in [0, 1); called from any thread
};

class HttpClient {
 public:
  explicit HttpClient(HttpClientConfig config);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  /// A 2xx response, or why not. Non-2xx statuses become an ApiError after any retries.
  Result<Response> send(const Request& request, std::stop_token stop = {});
  Result<Response> get(std::string target, std::stop_token stop = {});

  const HttpClientConfig& config() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace conhub::connectors
