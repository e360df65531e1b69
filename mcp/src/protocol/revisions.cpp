#include "protocol/revisions.hpp"

#include <array>

namespace conhub::mcp::detail {

namespace {

const std::array<std::string, 5> kNames = {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28"};

}  // namespace

std::optional<Revision> parse_revision(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<Revision>(i);
  }
  return std::nullopt;
}

const std::string& revision_name(Revision revision) { return kNames[static_cast<std::size_t>(revision)]; }

const std::vector<std::string>& supported_revision_names() {
  static const std::vector<std::string> names(kNames.rbegin(), kNames.rend());
  return names;
}

Revision negotiate_stateful(std::string_view requested) {
  auto revision = parse_revision(requested);
  if (revision && !is_stateless(*revision)) return *revision;
  return kLatestStateful;
}

}  // namespace conhub::mcp::detail
