// Times as operators read and type them: ISO 8601 UTC for display; for --since, an ISO
// date or date-time ("2025-06-01", "2025-06-01T12:00:00Z") or an age ("30m", "24h", "7d").
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "conhub/store/result.hpp"

namespace conhub::store {

std::string format_utc(std::int64_t unix_seconds);
/// Unix seconds for `text`, relative ages counted back from `now_seconds`.
Result<std::int64_t> parse_since(std::string_view text, std::int64_t now_seconds);

}  // namespace conhub::store
