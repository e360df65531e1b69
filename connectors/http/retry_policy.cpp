#include "http/retry_policy.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <ctime>

namespace conhub::connectors {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::optional<long long> parse_digits(std::string_view text) {
  text = trim(text);
  if (text.empty() || text.size() > 18) return std::nullopt;
  long long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

int month_index(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (std::size_t i = 0; i < kMonths.size(); ++i)
    if (iequals(kMonths[i], name)) return static_cast<int>(i);
  return -1;
}

// Splits on spaces, commas and dashes, the separators of the three HTTP-date forms.
std::vector<std::string_view> date_tokens(std::string_view text) {
  std::vector<std::string_view> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == ',' || text[i] == '-')) ++i;
    const auto start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != ',' && text[i] != '-') ++i;
    if (i > start) tokens.push_back(text.substr(start, i - start));
  }
  return tokens;
}

bool parse_clock(std::string_view text, int& h, int& m, int& s) {
  if (text.size() != 8 || text[2] != ':' || text[5] != ':') return false;
  const auto h2 = parse_digits(text.substr(0, 2)), m2 = parse_digits(text.substr(3, 2)), s2 = parse_digits(text.substr(6, 2));
  if (!h2 || !m2 || !s2 || *h2 > 23 || *m2 > 59 || *s2 > 60) return false;
  h = static_cast<int>(*h2);
  m = static_cast<int>(*m2);
  s = static_cast<int>(*s2);
  return true;
}

}  // namespace

std::optional<WallClock::time_point> parse_http_date(std::string_view value) {
  // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT      -> Sun 06 Nov 1994 08:49:37 GMT
  // RFC 850:     Sunday, 06-Nov-94 08:49:37 GMT     -> Sunday 06 Nov 94 08:49:37 GMT
  // asctime:     Sun Nov  6 08:49:37 1994           -> Sun Nov 6 08:49:37 1994
  const auto tokens = date_tokens(trim(value));
  std::optional<long long> day, year;
  int month = -1, h = 0, m = 0, s = 0;
  if (tokens.size() == 6 && iequals(tokens[5], "GMT")) {
    day = parse_digits(tokens[1]);
    month = month_index(tokens[2]);
    year = parse_digits(tokens[3]);
    if (!parse_clock(tokens[4], h, m, s)) return std::nullopt;
    // RFC 9110 §5.6.7: a two-digit year more than 50 years in the future is in the past century.
    if (year && tokens[3].size() == 2) *year += (*year < 70) ? 2000 : 1900;
  } else if (tokens.size() == 5) {
    month = month_index(tokens[1]);
    day = parse_digits(tokens[2]);
    if (!parse_clock(tokens[3], h, m, s)) return std::nullopt;
    year = parse_digits(tokens[4]);
  } else {
    return std::nullopt;
  }
  if (!day || !year || month < 0 || *day < 1 || *day > 31 || *year < 1970 || *year > 9999) return std::nullopt;
  std::tm tm{};
  tm.tm_year = static_cast<int>(*year) - 1900;
  tm.tm_mon = month;
  tm.tm_mday = static_cast<int>(*day);
  tm.tm_hour = h;
  tm.tm_min = m;
  tm.tm_sec = s;
  const std::time_t t = timegm(&tm);
  if (t == static_cast<std::time_t>(-1)) return std::nullopt;
  return WallClock::from_time_t(t);
}

std::optional<Millis> parse_retry_after(std::string_view value, WallClock::time_point now) {
  if (const auto seconds = parse_digits(value)) {
    // Anything beyond a day is as good as "not now"; clamping keeps the arithmetic safe.
    return Millis(std::min<long long>(*seconds, 86'400LL * 365) * 1000);
  }
  const auto date = parse_http_date(value);
  if (!date) return std::nullopt;
  if (*date <= now) return Millis(0);
  return std::chrono::duration_cast<Millis>(*date - now);
}

std::optional<Millis> server_wait_hint(const Headers& headers, WallClock::time_point now) {
  if (const auto retry_after = headers.get("Retry-After")) {
    if (auto wait = parse_retry_after(*retry_after, now)) return wait;
  }
  const auto remaining = headers.get("X-RateLimit-Remaining");
  const auto reset = headers.get("X-RateLimit-Reset");
  if (remaining && reset && parse_digits(*remaining) == 0LL) {
    if (const auto epoch = parse_digits(*reset)) {
      const auto at = WallClock::from_time_t(static_cast<std::time_t>(*epoch));
      // One second of margin: the reset time is whole seconds and clocks drift.
      return at <= now ? Millis(1000) : std::chrono::duration_cast<Millis>(at - now) + Millis(1000);
    }
  }
  return std::nullopt;
}

bool is_rate_limited(int status, const Headers& headers, std::string_view provider_message) {
  if (status == 429) return true;
  if (status != 403) return false;
  if (const auto remaining = headers.get("X-RateLimit-Remaining"); remaining && parse_digits(*remaining) == 0LL)
    return true;
  if (headers.contains("Retry-After")) return true;
  std::string lowered(provider_message);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(), [](unsigned char c) { return std::tolower(c); });
  return lowered.find("rate limit") != std::string::npos;
}

Millis backoff_delay(const RetryPolicy& policy, int retry_index, double unit_random) {
  const int shift = std::clamp(retry_index, 0, 30);
  const long long base = std::max<long long>(policy.base_delay.count(), 0);
  const long long cap = std::max<long long>(policy.max_delay.count(), 0);
  const long long ceiling = (base > (cap >> shift)) ? cap : std::min(cap, base << shift);
  const double draw = std::clamp(unit_random, 0.0, 1.0) * static_cast<double>(ceiling);
  return Millis(std::min(ceiling, static_cast<long long>(draw)));
}

RetryDecision decide_retry(const RetryPolicy& policy, const AttemptOutcome& outcome, int attempts_made, Millis waited,
                           double unit_random) {
  RetryDecision decision;
  const int s = outcome.status;
  const bool gateway = s == 502 || s == 503 || s == 504;
  bool retryable = outcome.rate_limited || s == 429 || outcome.connect_failed;
  // A 5xx or a dropped connection may come after the server acted on the request: repeat
  // only what is safe to repeat (RFC 9110 §9.2.2).
  if (outcome.idempotent && (gateway || outcome.connection_dropped)) retryable = true;
  if (!retryable) return decision;

  std::optional<Millis> hint = outcome.server_hint;
  if (!hint && outcome.rate_limited && s != 429) hint = kDefaultRateLimitWait;
  const Millis remaining = std::max(Millis(0), policy.max_total_wait - waited);
  if (hint && *hint > remaining) {
    decision.retry_after = hint;  // fail fast: say when, rather than sleeping past the budget
    return decision;
  }
  if (attempts_made >= policy.max_attempts) {
    decision.retry_after = hint;
    return decision;
  }
  const Millis delay = hint ? *hint : backoff_delay(policy, attempts_made - 1, unit_random);
  if (delay > remaining) return decision;
  decision.retry = true;
  decision.delay = delay;
  return decision;
}

}  // namespace conhub::connectors
