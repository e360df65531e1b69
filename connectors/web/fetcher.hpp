// Fetcher: GETs one web page for the web connector through the shared HttpClient, following
// redirects itself (at most WebLimits::max_redirects) so that every hop's scheme (http or
// https only) and every hop's resolved address are checked by the AddressPolicy. It also
// classifies the answer (HTML, text, or something it will not return) and decodes it to UTF-8.
// Thread-safety: fetch() may run on many threads at once.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <stop_token>
#include <string>
#include <variant>

#include "http/http_client.hpp"
#include "web/address_policy.hpp"
#include "web/url.hpp"

namespace conhub::connectors::web {

struct WebLimits {
  std::size_t max_page_bytes = 5u << 20;  // per response, decoded
  int max_redirects = 5;
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds request_timeout{30'000};  // one attempt, connect to last byte
  std::chrono::milliseconds crawl_budget{120'000};    // a whole web_crawl
  int max_attempts = 2;                               // 502/503/504 and connection failures retried once
};

enum class PageKind { kHtml, kText, kBinary };

struct FetchedPage {
  Url url;                   // the final URL, after redirects
  std::string media_type;    // "text/html" (lower case, no parameters; "" when not given)
  PageKind kind = PageKind::kBinary;
  std::string text;          // the body as UTF-8 (kHtml and kText only)
  int redirects = 0;
};

struct FetchError {
  enum class Kind { kRefused, kCancelled, kHttpStatus, kOther };
  Kind kind = Kind::kOther;
  int http_status = 0;
  std::string message;  // one line for the model, naming the URL
};

using FetchResult = std::variant<FetchedPage, FetchError>;

class Fetcher {
 public:
  /// `client_config` lets tests shorten timeouts; base_url, redirects, size limit and the
  /// address check are set here.
  Fetcher(AddressPolicy policy, WebLimits limits, HttpClientConfig client_config = {});

  FetchResult fetch(const Url& url, std::stop_token stop) const;
  const WebLimits& limits() const { return limits_; }
  const AddressPolicy& policy() const { return *policy_; }

 private:
  std::shared_ptr<const AddressPolicy> policy_;
  WebLimits limits_;
  std::shared_ptr<HttpClient> client_;
};

/// What a Content-Type and body are: HTML, text we return as is, or neither.
PageKind classify(std::string_view media_type, std::string_view body);

/// The text of the `refused` error for `reason` ("10.0.0.5 is a private address").
std::string refusal_message(std::string_view reason);

}  // namespace conhub::connectors::web
