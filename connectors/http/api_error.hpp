// ApiError: why a provider call failed, the connectors' local-failure plane (STYLE.md §3,
// plane 3), and Result<T>, a value or an ApiError. A tool handler turns the error into an
// `isError: true` result with for_model(). Neither ever holds credentials, request headers or
// request bodies: `message` is the provider's own short reason or a transport reason.
// Thread-safety: value types.
#pragma once

#include <cassert>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace conhub::connectors {

enum class ApiErrorKind {
  kUnauthorized,  // 401: missing, expired or revoked credential
  kForbidden,     // 403 that is not a rate limit: the credential lacks a scope or access
  kNotFound,      // 404 (GitHub also answers 404 for private repositories the token cannot see)
  kBadRequest,    // 400, 409, 422 and other 4xx: the arguments need to change
  kRateLimited,   // 429, or 403 with a rate-limit signal; retry_after says when to try again
  kServerError,   // 5xx after the retries
  kNetwork,       // DNS, connect, TLS, reset connection
  kTimeout,       // the connect or total timeout elapsed
  kCancelled,     // the caller's stop token was triggered
  kTooLarge,      // the response exceeded the configured size limit
  kBadResponse,   // an answer we cannot use: unparsable, redirect loop, foreign next-page link
  kRefused,       // the client's address check refused the destination (SSRF guard); message says why
};

std::string_view to_string(ApiErrorKind kind);

struct ApiError {
  ApiErrorKind kind = ApiErrorKind::kNetwork;
  int http_status = 0;                              // 0 when no response arrived
  std::optional<std::chrono::seconds> retry_after;  // when the provider said, or we worked out, a wait
  std::string message;                              // short reason, one line, safe to show
  std::string operation;                            // "GET /repos/o/r/issues": method and path, never the query

  /// One actionable line for the model: what failed, why, and what to try.
  std::string for_model() const;
};

/// The kind a final HTTP status maps to (rate-limit signals are decided by the caller).
ApiErrorKind kind_for_status(int status);

/// Makes a provider's message fit for an error line: first line only, control characters
/// dropped, at most `max_chars` (cut at a UTF-8 boundary, "…" appended).
std::string one_line(std::string_view text, std::size_t max_chars = 200);

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}         // NOLINT: implicit by design
  Result(ApiError error) : state_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(state_); }
  const T& value() const& { assert(ok()); return std::get<0>(state_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const ApiError& error() const { assert(!ok()); return std::get<1>(state_); }

 private:
  std::variant<T, ApiError> state_;
};

}  // namespace conhub::connectors
