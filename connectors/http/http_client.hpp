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
#include <stop_token>
#include <string>

#include "http/api_error.hpp"
#include "http/http_types.hpp"
#include "http/retry_policy.hpp"

namespace conhub::connectors {

/// "conhub-mcp/<version>", the User-Agent every request carries unless configured otherwise.
std::string default_user_agent();

struct HttpClientConfig {
  std::string base_url;    // "https://api.github.com", "https://ghe.example.com/api/v3", a test server
  Headers default_headers;  // sent with every request unless the request sets the same name
  /// The whole Authorization value ("Bearer …"), fetched per attempt so a credential can be
  /// decrypted on demand and refreshed; empty means no Authorization header. Never logged.
  std::function<std::string()> authorization;  // called from any thread
  std::string user_agent = default_user_agent();
  Millis connect_timeout{10'000};
  Millis request_timeout{60'000};  // one attempt, connect to last byte
  std::size_t max_response_bytes = 16u << 20;
  RetryPolicy retry;
  bool follow_redirects = true;  // at most 5, same-scheme-or-upgrade only
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
