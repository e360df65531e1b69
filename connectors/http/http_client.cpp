#include "http/http_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <random>
#include <string.h>  // explicit_bzero (glibc)

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "http/detail/curl_api.hpp"
#include "http/detail/curl_pool.hpp"

#ifndef CONHUB_VERSION
#error "CONHUB_VERSION must be defined by the build (connectors/CMakeLists.txt)"
#endif

namespace conhub::connectors {

namespace {

using Steady = std::chrono::steady_clock;

constexpr long kMaxRedirects = 5;
// A safety net only: curl_multi_wakeup interrupts the poll as soon as the stop token fires.
constexpr int kPollMillis = 100;

void wipe(std::string& text) {
  if (!text.empty()) explicit_bzero(text.data(), text.size());
}

using AddressCheck = std::function<std::optional<std::string>(std::string_view, const sockaddr*, socklen_t)>;

// What the C callbacks write into. They never throw (STYLE.md §3): they record and abort.
struct Transfer {
  std::size_t limit = 0;
  std::stop_token stop;
  const AddressCheck* check_address = nullptr;
  std::string host;     // the request URL's host, for check_address
  std::string refusal;  // the first reason check_address gave
  Headers headers;
  std::string body;
  bool too_large = false;
  bool cancelled = false;
  bool out_of_memory = false;
};

size_t on_body(char* data, size_t size, size_t count, void* user) noexcept {
  auto& t = *static_cast<Transfer*>(user);
  const size_t bytes = size * count;
  if (t.body.size() + bytes > t.limit) {
    t.too_large = true;
    return 0;  // anything but `bytes` aborts the transfer with CURLE_WRITE_ERROR
  }
  try {
    t.body.append(data, bytes);
  } catch (const std::bad_alloc&) {
    t.out_of_memory = true;
    return 0;
  }
  return bytes;
}

size_t on_header(char* data, size_t size, size_t count, void* user) noexcept {
  auto& t = *static_cast<Transfer*>(user);
  const size_t bytes = size * count;
  std::string_view line(data, bytes);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  try {
    // A status line starts a new response (an interim 1xx or the next hop of a redirect):
    // only the final response's fields are kept.
    if (line.starts_with("HTTP/")) {
      t.headers.clear();
    } else if (const auto colon = line.find(':'); colon != std::string_view::npos && colon > 0) {
      auto value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
      t.headers.add(std::string(line.substr(0, colon)), std::string(value));
    }
  } catch (const std::bad_alloc&) {
    t.out_of_memory = true;
    return 0;
  }
  return bytes;
}

int on_progress(void* user, curl_off_t download_total, curl_off_t, curl_off_t, curl_off_t) noexcept {
  auto& t = *static_cast<Transfer*>(user);
  if (t.stop.stop_requested()) {
    t.cancelled = true;
    return 1;  // non-zero aborts with CURLE_ABORTED_BY_CALLBACK
  }
  // A Content-Length over the limit fails before the body arrives.
  if (download_total > 0 && static_cast<std::size_t>(download_total) > t.limit) {
    t.too_large = true;
    return 1;
  }
  return 0;
}

// CURLOPT_OPENSOCKETFUNCTION: curl hands over each resolved address before connecting to it,
// so the check sees what a host name or an odd IPv4 spelling (0x7f000001) really reaches.
curl_socket_t on_open_socket(void* user, curlsocktype purpose, curl_sockaddr* address) noexcept {
  auto& t = *static_cast<Transfer*>(user);
  if (purpose == CURLSOCKTYPE_IPCXN && t.check_address != nullptr && *t.check_address) {
    std::optional<std::string> refusal;
    try {
      refusal = (*t.check_address)(t.host, &address->addr, address->addrlen);
    } catch (const std::exception&) {
      refusal = "the address check failed";
    }
    if (refusal) {
      if (t.refusal.empty()) {
        try {
          t.refusal = std::move(*refusal);
        } catch (const std::bad_alloc&) {
          t.out_of_memory = true;
        }
      }
      return CURL_SOCKET_BAD;
    }
  }
  return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

// The host of an absolute URL as written ("0x7f000001", "[::1]", "example.com"): curl's own
// parser would normalise odd IPv4 spellings, and the address check names what the URL said.
std::string url_host(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  auto authority = url.substr(scheme + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (authority.starts_with('[')) return std::string(authority.substr(0, authority.find(']') + 1));
  return std::string(authority.substr(0, authority.rfind(':')));
}

// A curl_slist whose strings are wiped before they are freed: it carries the Authorization line.
class HeaderList {
 public:
  HeaderList() = default;
  HeaderList(const HeaderList&) = delete;
  HeaderList& operator=(const HeaderList&) = delete;
  ~HeaderList() {
    for (curl_slist* item = list_; item != nullptr; item = item->next)
      if (item->data != nullptr) explicit_bzero(item->data, std::strlen(item->data));
    detail::curl().slist_free_all(list_);
  }
  bool append(const std::string& line) {
    curl_slist* next = detail::curl().slist_append(list_, line.c_str());
    if (next == nullptr) return false;
    list_ = next;
    return true;
  }
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

struct EasyDeleter {
  void operator()(CURL* easy) const { detail::curl().easy_cleanup(easy); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;

struct Attempt {
  CURLcode code = CURLE_OK;
  int status = 0;
  Transfer transfer;
  std::string curl_detail;  // curl's error buffer: names hosts and ports, never headers
  std::string reason;       // the provider's message on a non-2xx answer, credential scrubbed
  bool connected = false;
  bool setup_failed = false;
};

bool has_line_break(std::string_view text) { return text.find_first_of("\r\n") != std::string_view::npos; }

// The provider's own short reason, from the JSON error shapes in common use:
// {"message": …} (GitHub, GitLab), {"error": "…", "error_description": …} (OAuth 2),
// {"error": {"message": …}} (Google, OpenAI).
std::string provider_message(std::string_view body) {
  if (body.empty() || body.size() > (1u << 20)) return {};
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_object()) return {};
  auto text = [&](const nlohmann::json& object, const char* key) -> std::string {
    const auto it = object.find(key);
    return (it != object.end() && it->is_string()) ? it->get<std::string>() : std::string();
  };
  if (auto m = text(json, "message"); !m.empty()) return m;
  if (auto d = text(json, "error_description"); !d.empty()) return d;
  if (auto e = text(json, "error"); !e.empty()) return e;
  if (const auto it = json.find("error"); it != json.end() && it->is_object()) return text(*it, "message");
  return {};
}

// Replaces every occurrence of `secret` (and of its last word, the bare token of "Bearer x")
// in `text`: a provider that echoes what it was sent must not put the credential in an error.
void scrub(std::string& text, std::string_view secret) {
  const auto space = secret.rfind(' ');
  for (const auto needle : {secret, space == std::string_view::npos ? std::string_view() : secret.substr(space + 1)}) {
    if (needle.size() < 4) continue;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at))
      text.replace(at, needle.size(), "[redacted]");
  }
}

std::chrono::seconds round_up_seconds(Millis wait) {
  return std::chrono::seconds((std::max<Millis::rep>(wait.count(), 0) + 999) / 1000);
}

std::string origin_of(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  const auto slash = url.find_first_of("/?#", scheme + 3);
  return std::string(url.substr(0, slash));
}

}  // namespace

std::string default_user_agent() { return std::string("conhub-mcp/") + CONHUB_VERSION; }

struct HttpClient::Impl {
  explicit Impl(HttpClientConfig c) : config(std::move(c)), pool(std::max<std::size_t>(config.max_idle_handles, 1)) {
    base = config.base_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    origin = origin_of(base);
    https = base.starts_with("https://");
    if (!config.now) config.now = [] { return WallClock::now(); };
    if (!config.unit_random) {
      rng.seed(std::random_device{}());
      config.unit_random = [this] {
        std::lock_guard guard(rng_mutex);
        return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
      };
    }
  }

  Result<std::string> resolve(std::string_view target, const std::string& operation) const {
    if (has_line_break(target) || target.find(' ') != std::string_view::npos)
      return ApiError{.kind = ApiErrorKind::kBadRequest, .message = "the request path contains spaces or line breaks",
                      .operation = operation};
    if (base.empty()) {
      // No base URL: every target is absolute (the web connector checks it first).
      if (!target.starts_with("http://") && !target.starts_with("https://"))
        return ApiError{.kind = ApiErrorKind::kBadRequest, .message = "the URL must start with http:// or https://",
                        .operation = operation};
      return std::string(target);
    }
    if (target.starts_with("http://") || target.starts_with("https://")) {
      // The credential goes to the configured origin only: a next-page link elsewhere is refused.
      const bool same = target.size() >= origin.size() && iequals(target.substr(0, origin.size()), origin) &&
                        (target.size() == origin.size() || std::string_view("/?#").find(target[origin.size()]) !=
                                                               std::string_view::npos);
      if (origin.empty() || !same)
        return ApiError{.kind = ApiErrorKind::kBadResponse,
                        .message = "refused a URL outside the connection's base URL",
                        .operation = operation};
      return std::string(target);
    }
    std::string url = base;
    if (!target.starts_with('/')) url.push_back('/');
    url.append(target);
    return url;
  }

  Attempt run(const Request& request, const std::string& url, std::stop_token stop);
  ApiError transport_error(const Attempt& a, const std::string& operation) const;

  HttpClientConfig config;
  std::string base;
  std::string origin;
  bool https = false;
  detail::CurlPool pool;
  std::mutex rng_mutex;
  std::mt19937_64 rng;  // guarded by rng_mutex
};

Attempt HttpClient::Impl::run(const Request& request, const std::string& url, std::stop_token stop) {
  Attempt a;
  a.transfer.limit = config.max_response_bytes;
  a.transfer.stop = stop;

  HeaderList headers;
  std::string credential;
  struct Wiper {
    std::string& text;
    ~Wiper() { wipe(text); }
  } wipe_credential{credential};
  bool ok = true;
  for (const auto& [name, value] : config.default_headers.fields())
    if (!request.headers.contains(name)) ok = ok && headers.append(name + ": " + value);
  for (const auto& [name, value] : request.headers.fields()) ok = ok && headers.append(name + ": " + value);
  if (const auto own = request.headers.get("Authorization")) {
    credential.assign(*own);
  } else if (config.authorization) {
    credential = config.authorization();
    if (!credential.empty()) {
      std::string line = "Authorization: " + credential;
      ok = ok && headers.append(line);
      wipe(line);
    }
  }
  ok = ok && headers.append("Expect:");  // no 100-continue round trip for small JSON bodies

  if (!detail::load_error().empty()) {
    a.setup_failed = true;
    a.code = CURLE_FAILED_INIT;
    a.curl_detail = "libcurl could not be loaded (" + detail::load_error() + "); install the libcurl4 package";
    return a;
  }
  EasyHandle easy(detail::curl().easy_init());
  if (!ok || !easy) {
    a.setup_failed = true;
    a.code = CURLE_OUT_OF_MEMORY;
    return a;
  }
  char error_buffer[CURL_ERROR_SIZE] = {};
  CURL* e = easy.get();
  detail::curl().easy_setopt(e, CURLOPT_URL, url.c_str());
  detail::curl().easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  detail::curl().easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, https ? "https" : "http,https");
  detail::curl().easy_setopt(e, CURLOPT_FOLLOWLOCATION, config.follow_redirects ? 1L : 0L);
  detail::curl().easy_setopt(e, CURLOPT_MAXREDIRS, kMaxRedirects);
  // libcurl ≥ 7.58 sends a custom Authorization header to the original host only, so a
  // redirect to another host never carries the credential (CURLOPT_UNRESTRICTED_AUTH stays 0).
  detail::curl().easy_setopt(e, CURLOPT_HTTPHEADER, headers.get());
  detail::curl().easy_setopt(e, CURLOPT_USERAGENT, config.user_agent.c_str());
  detail::curl().easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // the size limit applies to decoded bytes
  detail::curl().easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
  detail::curl().easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!config.ca_file.empty()) detail::curl().easy_setopt(e, CURLOPT_CAINFO, config.ca_file.c_str());
  detail::curl().easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(config.connect_timeout.count()));
  detail::curl().easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(config.request_timeout.count()));
  detail::curl().easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  detail::curl().easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
  detail::curl().easy_setopt(e, CURLOPT_SHARE, pool.share());
  detail::curl().easy_setopt(e, CURLOPT_ERRORBUFFER, error_buffer);
  detail::curl().easy_setopt(e, CURLOPT_WRITEFUNCTION, &on_body);
  detail::curl().easy_setopt(e, CURLOPT_WRITEDATA, &a.transfer);
  detail::curl().easy_setopt(e, CURLOPT_HEADERFUNCTION, &on_header);
  detail::curl().easy_setopt(e, CURLOPT_HEADERDATA, &a.transfer);
  detail::curl().easy_setopt(e, CURLOPT_XFERINFOFUNCTION, &on_progress);
  detail::curl().easy_setopt(e, CURLOPT_XFERINFODATA, &a.transfer);
  detail::curl().easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
  if (config.check_address) {
    a.transfer.check_address = &config.check_address;
    a.transfer.host = url_host(url);
    detail::curl().easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, &on_open_socket);
    detail::curl().easy_setopt(e, CURLOPT_OPENSOCKETDATA, &a.transfer);
    detail::curl().easy_setopt(e, CURLOPT_PROXY, "");  // a proxy's address is not the target's
  }
  switch (request.method) {
    case Method::kGet: detail::curl().easy_setopt(e, CURLOPT_HTTPGET, 1L); break;
    case Method::kHead: detail::curl().easy_setopt(e, CURLOPT_NOBODY, 1L); break;
    case Method::kPost:
      detail::curl().easy_setopt(e, CURLOPT_POST, 1L);
      detail::curl().easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
      detail::curl().easy_setopt(e, CURLOPT_POSTFIELDS, request.body.c_str());
      break;
    case Method::kPut:
    case Method::kPatch:
    case Method::kDelete:
      detail::curl().easy_setopt(e, CURLOPT_CUSTOMREQUEST, std::string(method_name(request.method)).c_str());
      if (request.method != Method::kDelete || !request.body.empty()) {
        detail::curl().easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        detail::curl().easy_setopt(e, CURLOPT_POSTFIELDS, request.body.c_str());
      }
      break;
  }

  CURLM* multi = pool.acquire();
  if (multi == nullptr || detail::curl().multi_add_handle(multi, e) != CURLM_OK) {
    pool.release(multi, false);
    a.setup_failed = true;
    a.code = CURLE_OUT_OF_MEMORY;
    return a;
  }
  bool healthy = true;
  bool finished = false;
  {
    // Wakes the poll below the moment the token fires, wherever the transfer is
    // (resolving, connecting, waiting for a stalled server). curl_multi_wakeup is the one
    // multi call documented as safe from another thread.
    std::stop_callback wake(stop, [multi] { detail::curl().multi_wakeup(multi); });
    while (true) {
      int running = 0;
      if (detail::curl().multi_perform(multi, &running) != CURLM_OK) {
        healthy = false;
        break;
      }
      int queued = 0;
      while (CURLMsg* message = detail::curl().multi_info_read(multi, &queued)) {
        if (message->msg == CURLMSG_DONE && message->easy_handle == e) {
          a.code = message->data.result;
          finished = true;
        }
      }
      if (finished || running == 0) break;
      if (stop.stop_requested()) {
        a.transfer.cancelled = true;
        break;
      }
      if (detail::curl().multi_poll(multi, nullptr, 0, kPollMillis, nullptr) != CURLM_OK) {
        healthy = false;
        break;
      }
    }
  }
  if (!finished) a.code = a.transfer.cancelled ? CURLE_ABORTED_BY_CALLBACK : CURLE_RECV_ERROR;
  long status = 0;
  detail::curl().easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
  curl_off_t connect_time = 0;
  detail::curl().easy_getinfo(e, CURLINFO_CONNECT_TIME_T, &connect_time);
  a.status = static_cast<int>(status);
  a.connected = connect_time > 0;
  a.curl_detail = error_buffer[0] != '\0' ? std::string(error_buffer) : std::string(detail::curl().easy_strerror(a.code));
  if (a.code == CURLE_OK && (a.status < 200 || a.status >= 300)) a.reason = provider_message(a.transfer.body);
  if (!credential.empty()) {
    scrub(a.reason, credential);
    scrub(a.curl_detail, credential);
  }
  // Removing an unfinished transfer closes its connection; a finished one goes back to the
  // multi handle's cache for the next request on this lease.
  detail::curl().multi_remove_handle(multi, e);
  easy.reset();
  pool.release(multi, healthy);
  return a;
}

ApiError HttpClient::Impl::transport_error(const Attempt& a, const std::string& operation) const {
  ApiError error{.operation = operation};
  if (a.transfer.cancelled) {
    error.kind = ApiErrorKind::kCancelled;
  } else if (!a.transfer.refusal.empty() && a.code != CURLE_OK) {
    error.kind = ApiErrorKind::kRefused;
    error.message = a.transfer.refusal;
  } else if (a.transfer.too_large) {
    error.kind = ApiErrorKind::kTooLarge;
    error.http_status = a.status;
    error.message = fmt::format("more than the {} byte limit", config.max_response_bytes);
  } else {
    switch (a.code) {
      case CURLE_OPERATION_TIMEDOUT:
        error.kind = ApiErrorKind::kTimeout;
        error.message = a.connected ? fmt::format("no complete answer within {} ms", config.request_timeout.count())
                                    : fmt::format("no connection within {} ms", config.connect_timeout.count());
        break;
      case CURLE_URL_MALFORMAT:
        error.kind = ApiErrorKind::kBadRequest;
        error.message = "malformed URL";
        break;
      case CURLE_TOO_MANY_REDIRECTS:
        error.kind = ApiErrorKind::kBadResponse;
        error.message = "too many redirects";
        break;
      case CURLE_UNSUPPORTED_PROTOCOL:
        error.kind = ApiErrorKind::kBadResponse;
        error.message = "redirect to a refused scheme (only http/https, never https to http)";
        break;
      case CURLE_PEER_FAILED_VERIFICATION:
      case CURLE_SSL_CACERT_BADFILE:
      case CURLE_SSL_CONNECT_ERROR:
        error.kind = ApiErrorKind::kNetwork;
        error.message = "TLS failed: " + one_line(a.curl_detail);
        break;
      default:
        error.kind = ApiErrorKind::kNetwork;
        error.message = one_line(a.curl_detail);
        break;
    }
  }
  return error;
}

HttpClient::HttpClient(HttpClientConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}
HttpClient::~HttpClient() = default;

const HttpClientConfig& HttpClient::config() const { return impl_->config; }

Result<Response> HttpClient::get(std::string target, std::stop_token stop) {
  return send(Request{.method = Method::kGet, .target = std::move(target)}, std::move(stop));
}

Result<Response> HttpClient::send(const Request& request, std::stop_token stop) {
  Impl& impl = *impl_;
  const std::string operation = fmt::format("{} {}", method_name(request.method), path_only(request.target));
  for (const auto& [name, value] : request.headers.fields())
    if (has_line_break(name) || has_line_break(value) || name.empty())
      return ApiError{.kind = ApiErrorKind::kBadRequest, .message = "a request header contains a line break",
                      .operation = operation};
  auto url = impl.resolve(request.target, operation);
  if (!url) return url.error();

  const bool idempotent = request.idempotent.value_or(is_idempotent(request.method));
  Millis waited{0};
  for (int attempt = 1;; ++attempt) {
    if (stop.stop_requested()) return ApiError{.kind = ApiErrorKind::kCancelled, .operation = operation};
    const auto started = Steady::now();
    Attempt a = impl.run(request, *url, stop);
    const auto elapsed = std::chrono::duration_cast<Millis>(Steady::now() - started).count();
    if (a.transfer.cancelled || (stop.stop_requested() && a.code != CURLE_OK)) {
      spdlog::debug("http {}: cancelled after {} ms (attempt {})", operation, elapsed, attempt);
      return ApiError{.kind = ApiErrorKind::kCancelled, .operation = operation};
    }
    if (a.transfer.out_of_memory || a.setup_failed)
      return ApiError{.kind = ApiErrorKind::kNetwork,
                      .message = a.curl_detail.empty() ? std::string("out of memory") : a.curl_detail,
                      .operation = operation};

    AttemptOutcome outcome{.idempotent = idempotent};
    std::optional<ApiError> error;
    if (a.code != CURLE_OK || a.transfer.too_large) {
      error = impl.transport_error(a, operation);
      if (error->kind == ApiErrorKind::kRefused) {
        spdlog::debug("http {}: refused ({})", operation, error->message);
        return *error;  // a policy decision: another attempt would be refused again
      }
      outcome.connect_failed = a.code == CURLE_COULDNT_CONNECT || a.code == CURLE_COULDNT_RESOLVE_HOST ||
                               (a.code == CURLE_OPERATION_TIMEDOUT && !a.connected);
      outcome.connection_dropped = a.code == CURLE_SEND_ERROR || a.code == CURLE_RECV_ERROR ||
                                   a.code == CURLE_GOT_NOTHING || a.code == CURLE_PARTIAL_FILE;
      spdlog::debug("http {}: {} after {} ms (attempt {})", operation, error->message, elapsed, attempt);
    } else if ((a.status >= 200 && a.status < 300) ||
               (!impl.config.follow_redirects && a.status >= 300 && a.status < 400)) {
      spdlog::debug("http {} -> {} ({} bytes, {} ms, attempt {})", operation, a.status, a.transfer.body.size(),
                    elapsed, attempt);
      return Response{.status = a.status, .headers = std::move(a.transfer.headers),
                      .body = std::move(a.transfer.body), .attempts = attempt};
    } else {
      const std::string reason = one_line(a.reason);
      outcome.status = a.status;
      outcome.rate_limited = is_rate_limited(a.status, a.transfer.headers, reason);
      outcome.server_hint = server_wait_hint(a.transfer.headers, impl.config.now());
      error = ApiError{.kind = outcome.rate_limited ? ApiErrorKind::kRateLimited : kind_for_status(a.status),
                       .http_status = a.status,
                       .message = reason,
                       .operation = operation};
      spdlog::debug("http {} -> {} ({} ms, attempt {})", operation, a.status, elapsed, attempt);
    }

    const RetryDecision decision =
        decide_retry(impl.config.retry, outcome, attempt, waited, impl.config.unit_random());
    if (!decision.retry) {
      if (decision.retry_after) {
        error->retry_after = round_up_seconds(*decision.retry_after);
      } else if (outcome.server_hint && (outcome.rate_limited || outcome.status == 503)) {
        error->retry_after = round_up_seconds(*outcome.server_hint);
      } else if (outcome.rate_limited) {
        error->retry_after = round_up_seconds(kDefaultRateLimitWait);
      }
      return *error;
    }
    spdlog::info("http {}: {}{}; retry {} of {} in {} ms", operation,
                 error->http_status ? fmt::format("HTTP {}", error->http_status) : std::string(to_string(error->kind)),
                 error->message.empty() ? "" : " (" + error->message + ")", attempt, impl.config.retry.max_attempts - 1,
                 decision.delay.count());
    // Sleep, but wake for the stop token: a cancelled call must not sit out a backoff.
    std::mutex mutex;
    std::condition_variable_any cv;
    std::unique_lock lock(mutex);
    cv.wait_for(lock, stop, decision.delay, [] { return false; });
    if (stop.stop_requested()) return ApiError{.kind = ApiErrorKind::kCancelled, .operation = operation};
    waited += decision.delay;
  }
}

}  // namespace conhub::connectors
