#include "web/robots.hpp"

#include <algorithm>
#include <cctype>

namespace conhub::connectors::web {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool iequal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool match_here(std::string_view pattern, std::string_view path) {
  // Iterative wildcard match with backtracking to the last '*'.
  std::size_t p = 0, s = 0, star = std::string_view::npos, mark = 0;
  const bool anchored = pattern.ends_with('$');
  if (anchored) pattern.remove_suffix(1);
  while (s < path.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = s;
    } else if (p < pattern.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
    } else if (p == pattern.size() && !anchored) {
      return true;  // a prefix match is enough without '$'
    } else if (star != std::string_view::npos) {
      p = star + 1;
      s = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace

bool robots_pattern_matches(std::string_view pattern, std::string_view path) { return match_here(pattern, path); }

Robots Robots::disallow_all() {
  Robots r;
  r.rules_.push_back({.allow = false, .pattern = "/"});
  return r;
}

Robots Robots::parse(std::string_view text, std::string_view agent) {
  std::vector<Rule> mine, star;
  bool in_mine = false, in_star = false, last_was_agent = false;
  bool found_mine = false;
  while (!text.empty()) {
    const auto end = text.find_first_of("\r\n");
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const auto key = trim(line.substr(0, colon));
    const auto value = trim(line.substr(colon + 1));
    if (iequal(key, "user-agent")) {
      if (!last_was_agent) in_mine = in_star = false;  // a new group starts
      last_was_agent = true;
      if (value == "*") in_star = true;
      // RFC 9309 §2.2.1: the product token is matched case-insensitively.
      if (iequal(value, agent)) in_mine = found_mine = true;
      continue;
    }
    last_was_agent = false;
    const bool allow = iequal(key, "allow");
    if (!allow && !iequal(key, "disallow")) continue;  // sitemap, crawl-delay, …
    if (value.empty()) continue;                       // "Disallow:" with no path allows all
    const Rule rule{.allow = allow, .pattern = std::string(value)};
    if (in_mine) mine.push_back(rule);
    if (in_star) star.push_back(rule);
  }
  Robots r;
  r.rules_ = found_mine ? std::move(mine) : std::move(star);
  return r;
}

bool Robots::allowed(std::string_view path) const {
  if (path == "/robots.txt") return true;  // RFC 9309 §2.2.2: always allowed
  const Rule* best = nullptr;
  for (const auto& rule : rules_) {
    if (!robots_pattern_matches(rule.pattern, path)) continue;
    if (best == nullptr || rule.pattern.size() > best->pattern.size() ||
        (rule.pattern.size() == best->pattern.size() && rule.allow))
      best = &rule;
  }
  return best == nullptr || best->allow;
}

}  // namespace conhub::connectors::web
