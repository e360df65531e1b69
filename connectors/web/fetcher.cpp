#include "web/fetcher.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include <fmt/format.h>

#include "web/ascii.hpp"
#include "web/html_to_markdown.hpp"

namespace conhub::connectors::web {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// "text/html; charset=ISO-8859-1" → {"text/html", "iso-8859-1"}
std::pair<std::string, std::string> split_content_type(std::string_view value) {
  const auto semi = value.find(';');
  std::string media = lower(trim(value.substr(0, semi)));
  std::string charset;
  if (semi != std::string_view::npos) {
    const std::string params = lower(value.substr(semi + 1));
    if (const auto at = params.find("charset="); at != std::string::npos) {
      std::string_view v = std::string_view(params).substr(at + 8);
      v = v.substr(0, v.find(';'));
      v = trim(v);
      if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'')) v = v.substr(1, v.size() - 2);
      charset = std::string(v);
    }
  }
  return {media, charset};
}

// Latin-1 and its Windows-1252 superset are the one legacy charset worth converting: other
// labels are read as UTF-8 (invalid sequences become U+FFFD).
std::string to_utf8(std::string_view body, std::string_view charset) {
  if (charset == "iso-8859-1" || charset == "latin1" || charset == "windows-1252" || charset == "us-ascii" ||
      charset == "cp1252") {
    static constexpr char32_t k1252[32] = {0x20AC, 0x81,   0x201A, 0x192,  0x201E, 0x2026, 0x2020, 0x2021,
                                           0x2C6,  0x2030, 0x160,  0x2039, 0x152,  0x8D,   0x17D,  0x8F,
                                           0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                           0x2DC,  0x2122, 0x161,  0x203A, 0x153,  0x9D,   0x17E,  0x178};
    std::string out;
    out.reserve(body.size());
    for (const char ch : body) {
      const auto c = static_cast<unsigned char>(ch);
      append_utf8(out, c >= 0x80 && c <= 0x9F ? k1252[c - 0x80] : static_cast<char32_t>(c));
    }
    return out;
  }
  return sanitize_utf8(body);
}

bool text_media_type(std::string_view t) {
  return t.starts_with("text/") || t == "application/json" || t.ends_with("+json") || t == "application/xml" ||
         t.ends_with("+xml") || t == "application/javascript" || t == "application/ecmascript" ||
         t == "application/x-ndjson" || t == "application/yaml" || t == "application/x-yaml" ||
         t == "application/toml" || t == "application/x-sh" || t == "application/sql";
}

std::string describe(const ApiError& error) {
  switch (error.kind) {
    case ApiErrorKind::kTimeout: return "it did not answer in time (" + error.message + ")";
    case ApiErrorKind::kTooLarge: return "the response is too large (" + error.message + ")";
    case ApiErrorKind::kNetwork: return "could not connect (" + error.message + ")";
    case ApiErrorKind::kBadRequest:
      if (error.http_status == 0) return error.message;
      break;
    default: break;
  }
  if (error.http_status != 0) return fmt::format("it answered HTTP {}", error.http_status);
  return error.message.empty() ? std::string(to_string(error.kind)) : error.message;
}

}  // namespace

std::string refusal_message(std::string_view reason) {
  return fmt::format("refused: {}; add it to the connection's allow list for intranet use "
                     "(conhub-mcp connect web --allow HOST|CIDR --replace)",
                     reason);
}

PageKind classify(std::string_view media_type, std::string_view body) {
  const bool has_nul = body.find('\0') != std::string_view::npos;
  if (media_type == "text/html" || media_type == "application/xhtml+xml") return has_nul ? PageKind::kBinary : PageKind::kHtml;
  if (text_media_type(media_type)) return has_nul ? PageKind::kBinary : PageKind::kText;
  if (!media_type.empty()) return PageKind::kBinary;  // images, PDF, application/octet-stream, …
  // No Content-Type: sniff a little, as browsers do.
  if (has_nul) return PageKind::kBinary;
  const std::string head = lower(trim(body.substr(0, 512)));
  if (head.starts_with("<!doctype html") || head.starts_with("<html")) return PageKind::kHtml;
  const std::string clean = sanitize_utf8(body.substr(0, 4096));
  std::size_t replaced = 0;  // U+FFFD, what sanitize_utf8 put in for invalid bytes
  for (auto at = clean.find("\xEF\xBF\xBD"); at != std::string::npos; at = clean.find("\xEF\xBF\xBD", at + 3)) ++replaced;
  return replaced * 20 > std::min<std::size_t>(body.size(), 4096) ? PageKind::kBinary : PageKind::kText;
}

Fetcher::Fetcher(AddressPolicy policy, WebLimits limits, HttpClientConfig config)
    : policy_(std::make_shared<const AddressPolicy>(std::move(policy))), limits_(limits) {
  config.base_url.clear();
  config.follow_redirects = false;
  config.max_response_bytes = limits_.max_page_bytes;
  config.connect_timeout = limits_.connect_timeout;
  config.request_timeout = limits_.request_timeout;
  config.retry.max_attempts = limits_.max_attempts;
  config.default_headers.set("Accept",
                             "text/html,application/xhtml+xml,text/markdown;q=0.9,text/plain;q=0.9,"
                             "application/json;q=0.8,*/*;q=0.5");
  config.check_address = [policy = policy_](std::string_view host, const sockaddr* address, socklen_t length) {
    return policy->check(host, address, length);
  };
  client_ = std::make_shared<HttpClient>(std::move(config));
}

FetchResult Fetcher::fetch(const Url& start, std::stop_token stop) const {
  Url url = start;
  std::vector<std::string> chain;  // every URL requested, for loop detection and messages
  for (int hop = 0;; ++hop) {
    const std::string target = url.without_fragment();
    const std::string via = chain.empty() ? std::string() : fmt::format(" (reached by a redirect from {})", chain.back());
    chain.push_back(target);
    if (auto reason = policy_->check_host(url.bare_host()))
      return FetchError{.kind = FetchError::Kind::kRefused, .message = refusal_message(*reason) + ". URL: " + target + via};
    auto response = client_->get(target, stop);
    if (!response) {
      const ApiError& error = response.error();
      if (error.kind == ApiErrorKind::kCancelled)
        return FetchError{.kind = FetchError::Kind::kCancelled, .message = "cancelled while fetching " + target};
      if (error.kind == ApiErrorKind::kRefused)
        return FetchError{.kind = FetchError::Kind::kRefused,
                          .message = refusal_message(error.message) + ". URL: " + target + via};
      return FetchError{.kind = error.http_status != 0 ? FetchError::Kind::kHttpStatus : FetchError::Kind::kOther,
                        .http_status = error.http_status,
                        .message = fmt::format("fetching {} failed: {}{}", target, describe(error), via)};
    }
    if (response->status >= 300 && response->status < 400) {
      const auto location = response->headers.get("location");
      if (!location || trim(*location).empty())
        return FetchError{.kind = FetchError::Kind::kOther, .http_status = response->status,
                          .message = fmt::format("{} answered HTTP {} without a Location", target, response->status)};
      auto next = url.resolve(*location);
      if (!next) {
        return FetchError{.kind = FetchError::Kind::kRefused,
                          .message = fmt::format("refused: {} redirects to {}, which is not an http or https URL",
                                                 target, one_line(*location))};
      }
      if (hop + 1 > limits_.max_redirects)
        return FetchError{.kind = FetchError::Kind::kOther,
                          .message = fmt::format("fetching {} failed: more than {} redirects", start.without_fragment(),
                                                 limits_.max_redirects)};
      if (std::find(chain.begin(), chain.end(), next->without_fragment()) != chain.end())
        return FetchError{.kind = FetchError::Kind::kOther,
                          .message = fmt::format("fetching {} failed: redirect loop ({} → {})", start.without_fragment(),
                                                 target, next->without_fragment())};
      if (!next->fragment && url.fragment) next->fragment = url.fragment;  // RFC 9110 §10.2.2
      url = std::move(*next);
      continue;
    }
    const auto [media, charset] = split_content_type(response->headers.get("content-type").value_or(""));
    FetchedPage page{.url = url, .media_type = media, .redirects = hop};
    page.kind = classify(media, response->body);
    if (page.kind != PageKind::kBinary) page.text = to_utf8(response->body, charset);
    return page;
  }
}

}  // namespace conhub::connectors::web
