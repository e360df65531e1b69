#include "http/retry_policy.hpp"

#include <gtest/gtest.h>

namespace conhub::connectors {
namespace {

using namespace std::chrono_literals;

// Sun, 06 Nov 1994 08:49:37 GMT, the RFC 9110 example date.
const WallClock::time_point kRfcDate = WallClock::from_time_t(784111777);

TEST(RetryAfter, DelaySeconds) {
  EXPECT_EQ(parse_retry_after("120", kRfcDate), Millis(120'000));
  EXPECT_EQ(parse_retry_after(" 0 ", kRfcDate), Millis(0));
  EXPECT_EQ(parse_retry_after("-5", kRfcDate), std::nullopt);
  EXPECT_EQ(parse_retry_after("1.5", kRfcDate), std::nullopt);
  EXPECT_EQ(parse_retry_after("", kRfcDate), std::nullopt);
  EXPECT_EQ(parse_retry_after("soon", kRfcDate), std::nullopt);
}

TEST(RetryAfter, AllThreeHttpDateForms) {
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), kRfcDate);
  EXPECT_EQ(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), kRfcDate);
  EXPECT_EQ(parse_http_date("Sun Nov  6 08:49:37 1994"), kRfcDate);
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 PST"), std::nullopt);
  EXPECT_EQ(parse_http_date("Sun, 32 Nov 1994 08:49:37 GMT"), std::nullopt);
  EXPECT_EQ(parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"), std::nullopt);
}

TEST(RetryAfter, DateIsRelativeToNowAndNeverNegative) {
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", kRfcDate), Millis(30'000));
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", kRfcDate), Millis(0));
}

TEST(ServerWaitHint, RetryAfterWinsOverRateLimitReset) {
  const auto now = WallClock::from_time_t(1'700'000'000);
  Headers headers{{"Retry-After", "3"}, {"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "1700000100"}};
  EXPECT_EQ(server_wait_hint(headers, now), Millis(3000));
  headers.remove("retry-after");
  EXPECT_EQ(server_wait_hint(headers, now), Millis(101'000));  // until the reset, plus a second
  headers.set("X-RateLimit-Remaining", "12");
  EXPECT_EQ(server_wait_hint(headers, now), std::nullopt);
  EXPECT_EQ(server_wait_hint(Headers{}, now), std::nullopt);
}

TEST(RateLimited, RecognisesGitHubSignals) {
  EXPECT_TRUE(is_rate_limited(429, {}, ""));
  EXPECT_TRUE(is_rate_limited(403, Headers{{"x-ratelimit-remaining", "0"}}, ""));
  EXPECT_TRUE(is_rate_limited(403, Headers{{"Retry-After", "60"}}, ""));
  EXPECT_TRUE(is_rate_limited(403, {}, "You have exceeded a secondary rate limit."));
  EXPECT_FALSE(is_rate_limited(403, Headers{{"X-RateLimit-Remaining", "4999"}}, "Resource not accessible by integration"));
  EXPECT_FALSE(is_rate_limited(503, Headers{{"Retry-After", "5"}}, ""));
}

TEST(Backoff, FullJitterBetweenZeroAndTheDoublingCap) {
  const RetryPolicy policy{.base_delay = 100ms, .max_delay = 1000ms};
  EXPECT_EQ(backoff_delay(policy, 0, 0.0), 0ms);
  EXPECT_EQ(backoff_delay(policy, 0, 0.5), 50ms);
  EXPECT_EQ(backoff_delay(policy, 1, 0.5), 100ms);
  EXPECT_EQ(backoff_delay(policy, 2, 0.999999), 399ms);
  EXPECT_EQ(backoff_delay(policy, 3, 0.5), 400ms);
  EXPECT_EQ(backoff_delay(policy, 4, 0.5), 500ms);   // capped at max_delay
  EXPECT_EQ(backoff_delay(policy, 60, 1.0), 1000ms);  // no overflow for large indexes
}

TEST(DecideRetry, RetriesGatewayErrorsWithBackoff) {
  const RetryPolicy policy{.max_attempts = 3, .base_delay = 100ms, .max_delay = 1000ms, .max_total_wait = 10s};
  const AttemptOutcome outcome{.status = 503};
  auto first = decide_retry(policy, outcome, 1, 0ms, 0.5);
  EXPECT_TRUE(first.retry);
  EXPECT_EQ(first.delay, 50ms);
  auto second = decide_retry(policy, outcome, 2, 50ms, 0.5);
  EXPECT_TRUE(second.retry);
  EXPECT_EQ(second.delay, 100ms);
  EXPECT_FALSE(decide_retry(policy, outcome, 3, 150ms, 0.5).retry);  // out of attempts
}

TEST(DecideRetry, NeverRetriesClientErrors) {
  const RetryPolicy policy;
  for (const int status : {400, 401, 403, 404, 422, 500, 501})
    EXPECT_FALSE(decide_retry(policy, AttemptOutcome{.status = status}, 1, 0ms, 0.5).retry) << status;
}

TEST(DecideRetry, NonIdempotentRequestsRetryOnlyWhatWasNotProcessed) {
  const RetryPolicy policy;
  EXPECT_FALSE(decide_retry(policy, {.status = 502, .idempotent = false}, 1, 0ms, 0.5).retry);
  EXPECT_FALSE(decide_retry(policy, {.connection_dropped = true, .idempotent = false}, 1, 0ms, 0.5).retry);
  EXPECT_TRUE(decide_retry(policy, {.connect_failed = true, .idempotent = false}, 1, 0ms, 0.5).retry);
  EXPECT_TRUE(decide_retry(policy, {.status = 429, .idempotent = false}, 1, 0ms, 0.5).retry);
  EXPECT_TRUE(decide_retry(policy, {.connection_dropped = true}, 1, 0ms, 0.5).retry);
}

TEST(DecideRetry, ServerHintReplacesBackoff) {
  const RetryPolicy policy{.max_total_wait = 10s};
  const auto decision = decide_retry(policy, {.status = 429, .rate_limited = true, .server_hint = 2s}, 1, 0ms, 0.9);
  EXPECT_TRUE(decision.retry);
  EXPECT_EQ(decision.delay, 2000ms);
}

TEST(DecideRetry, HintBeyondTheBudgetFailsFastWithRetryAfter) {
  const RetryPolicy policy{.max_total_wait = 10s};
  const auto decision =
      decide_retry(policy, {.status = 403, .rate_limited = true, .server_hint = 3600s}, 1, 0ms, 0.5);
  EXPECT_FALSE(decision.retry);
  EXPECT_EQ(decision.retry_after, Millis(3'600'000));
  // The budget already spent counts: 8 s waited leaves 2 s, less than a 3 s hint.
  const auto late = decide_retry(policy, {.status = 503, .server_hint = 3s}, 2, 8s, 0.5);
  EXPECT_FALSE(late.retry);
  EXPECT_EQ(late.retry_after, Millis(3000));
}

TEST(DecideRetry, SecondaryLimitWithoutHintWaitsAMinute) {
  const RetryPolicy policy{.max_total_wait = 30s};
  const auto decision = decide_retry(policy, {.status = 403, .rate_limited = true}, 1, 0ms, 0.5);
  EXPECT_FALSE(decision.retry);
  EXPECT_EQ(decision.retry_after, kDefaultRateLimitWait);
}

TEST(DecideRetry, BackoffBeyondTheBudgetStops) {
  const RetryPolicy policy{.base_delay = 1000ms, .max_delay = 1000ms, .max_total_wait = 500ms};
  EXPECT_FALSE(decide_retry(policy, {.status = 502}, 1, 0ms, 0.9).retry);
  EXPECT_TRUE(decide_retry(policy, {.status = 502}, 1, 0ms, 0.1).retry);
}

}  // namespace
}  // namespace conhub::connectors
