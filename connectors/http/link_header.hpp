// RFC 8288 Link header parsing, for APIs that page with rel="next" (GitHub, GitLab, many more).
// Tolerant by design: spaces anywhere the grammar allows them, quoted or bare parameter
// values, several relation types in one rel ("next last"), several Link fields, and a
// malformed link-value skipped without losing the ones after it.
// Thread-safety: pure functions and value types.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/http_types.hpp"

namespace conhub::connectors {

struct Link {
  std::string target;                                        // the URI-Reference between < and >
  std::vector<std::string> rels;                             // lower-cased relation types
  std::vector<std::pair<std::string, std::string>> params;  // lower-cased names, unquoted values

  bool has_rel(std::string_view rel) const;
};

std::vector<Link> parse_link_header(std::string_view value);
/// The target of the first link with relation `rel` across every Link field of `headers`.
std::optional<std::string> find_link(const Headers& headers, std::string_view rel);

}  // namespace conhub::connectors
