// When to send a failed request again, and after how long: exponential backoff with full
// jitter, bounded by a total wait budget, and the server's own hints (Retry-After, GitHub's
// X-RateLimit-Remaining/Reset) taking precedence. Everything here is a pure function of its
// arguments, the time and the random number included, so unit tests need no clock.
// Thread-safety: pure functions and value types.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "http/http_types.hpp"

namespace conhub::connectors {

using Millis = std::chrono::milliseconds;
using WallClock = std::chrono::system_clock;

struct RetryPolicy {
  int max_attempts = 4;        // sends in all, the first included
  Millis base_delay{500};      // backoff cap for the first retry; doubles per retry
  Millis max_delay{8000};      // backoff cap for any retry
  Millis max_total_wait{30000};  // total sleep across retries; a longer server hint fails fast
};

/// RFC 9110 §10.2.3: delay-seconds or an HTTP-date (IMF-fixdate, RFC 850 or asctime form).
/// A date in the past gives zero. Nullopt when the value is neither.
std::optional<Millis> parse_retry_after(std::string_view value, WallClock::time_point now);
/// RFC 9110 §5.6.7 HTTP-date in any of its three forms, as UTC.
std::optional<WallClock::time_point> parse_http_date(std::string_view value);

/// The wait the server asked for: Retry-After, else X-RateLimit-Remaining: 0 with
/// X-RateLimit-Reset (UTC epoch seconds, GitHub's primary limit). Nullopt when neither.
std::optional<Millis> server_wait_hint(const Headers& headers, WallClock::time_point now);

/// Whether a response is a rate-limit refusal: 429, or 403 with X-RateLimit-Remaining: 0,
/// a Retry-After, or a provider message naming a rate limit (GitHub's secondary limits).
bool is_rate_limited(int status, const Headers& headers, std::string_view provider_message);

/// GitHub: a secondary limit without Retry-After or reset means "wait at least one minute".
inline constexpr Millis kDefaultRateLimitWait{60000};

/// Full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): a uniform draw in
/// [0, min(max_delay, base_delay * 2^retry_index)]. `unit_random` is in [0, 1).
Millis backoff_delay(const RetryPolicy& policy, int retry_index, double unit_random);

/// What one attempt ended with, as far as retrying is concerned.
struct AttemptOutcome {
  int status = 0;                     // HTTP status; 0 when the transfer failed
  bool connect_failed = false;        // nothing was sent (DNS, refused): always safe to repeat
  bool connection_dropped = false;    // sent, then reset or empty reply: repeat only if idempotent
  bool rate_limited = false;          // is_rate_limited() said so
  std::optional<Millis> server_hint;  // server_wait_hint()
  bool idempotent = true;
};

struct RetryDecision {
  bool retry = false;
  Millis delay{0};
  /// Set when the server's wait is longer than the remaining budget: the error should tell
  /// the caller when to come back instead of waiting here.
  std::optional<Millis> retry_after;
};

/// `attempts_made` counts the attempt just finished (1 after the first); `waited` is the
/// sleep already spent on earlier retries.
RetryDecision decide_retry(const RetryPolicy& policy, const AttemptOutcome& outcome, int attempts_made, Millis waited,
                           double unit_random);

}  // namespace conhub::connectors
