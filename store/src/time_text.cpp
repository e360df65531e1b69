#include "conhub/store/time_text.hpp"

#include <ctime>
#include <regex>

#include <fmt/format.h>

namespace conhub::store {

std::string format_utc(std::int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

Result<std::int64_t> parse_since(std::string_view text, std::int64_t now_seconds) {
  const std::string s(text);
  std::smatch m;
  static const std::regex kAge("([0-9]{1,9})([smhdw])");
  if (std::regex_match(s, m, kAge)) {
    const std::int64_t n = std::stoll(m[1].str());
    const char unit = m[2].str()[0];
    const std::int64_t scale = unit == 's' ? 1 : unit == 'm' ? 60 : unit == 'h' ? 3600 : unit == 'd' ? 86400 : 604800;
    return now_seconds - n * scale;
  }
  static const std::regex kDate("([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?Z?)?");
  if (std::regex_match(s, m, kDate)) {
    std::tm tm{};
    tm.tm_year = std::stoi(m[1].str()) - 1900;
    tm.tm_mon = std::stoi(m[2].str()) - 1;
    tm.tm_mday = std::stoi(m[3].str());
    if (m[4].matched) tm.tm_hour = std::stoi(m[4].str());
    if (m[5].matched) tm.tm_min = std::stoi(m[5].str());
    if (m[6].matched) tm.tm_sec = std::stoi(m[6].str());
    if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
      return Error{ErrorKind::kInvalid, fmt::format("'{}' is not a valid date", s)};
    return static_cast<std::int64_t>(timegm(&tm));
  }
  return Error{ErrorKind::kInvalid, fmt::format("cannot read '{}' as a time: use an age like 30m, 24h, 7d, or a UTC date "
                                                "like 2025-06-01 or 2025-06-01T12:00:00Z", s)};
}

}  // namespace conhub::store
