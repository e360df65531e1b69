// Robots: the rules of one robots.txt for the web connector's crawler (RFC 9309). The group
// whose user-agent line names "conhub-mcp" applies; when there is none, the "*" group does.
// Allow and Disallow match path prefixes with `*` and a `$` end anchor; the longest
// matching rule wins, and Allow wins a tie. Thread-safety: immutable after parsing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace conhub::connectors::web {

class Robots {
 public:
  /// The crawler's product token, matched case-insensitively against user-agent lines.
  static constexpr std::string_view kAgent = "conhub-mcp";

  static Robots parse(std::string_view text, std::string_view agent = kAgent);
  static Robots allow_all() { return Robots(); }
  static Robots disallow_all();

  /// `path_and_query` as in the URL ("/docs/a.html?x=1").
  bool allowed(std::string_view path_and_query) const;

 private:
  struct Rule {
    bool allow = false;
    std::string pattern;
  };
  std::vector<Rule> rules_;
};

/// Whether a robots.txt pattern (with `*` and a final `$`) matches the path.
bool robots_pattern_matches(std::string_view pattern, std::string_view path);

}  // namespace conhub::connectors::web
