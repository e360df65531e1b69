// ASCII case folding for the web connector's parsers (URLs, HTML tags and attributes,
// header values): protocol tokens are ASCII, so std::tolower per byte is exact and
// leaves UTF-8 bytes alone. Thread-safety: pure function.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace conhub::connectors::web {

inline std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace conhub::connectors::web
