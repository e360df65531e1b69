// UriTemplate: matches concrete URIs against RFC 6570 templates (levels 1-3) for
// resources/read. `{var}` matches one path segment, `{+var}` and `{var*}` match across
// `/`, `{/var}` a leading-slash segment, `{#var}` a fragment, `{?a,b}` / `{&a}` query
// parameters in any order. Values are percent-decoded. Immutable after construction.
#pragma once

#include <map>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace conhub::mcp::detail {

class UriTemplate {
 public:
  /// Throws std::invalid_argument for a malformed template (a startup error).
  explicit UriTemplate(const std::string& text);

  std::optional<std::map<std::string, std::string>> match(const std::string& uri) const;
  const std::vector<std::string>& variables() const { return variables_; }

 private:
  struct Group {
    std::vector<std::string> names;
    char op = 0;
  };
  std::regex pattern_;
  std::vector<Group> groups_;
  std::vector<std::string> variables_;
};

std::string percent_decode(const std::string& text);

}  // namespace conhub::mcp::detail
