#include "providers.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace conhub::cli {

namespace {
constexpr std::array<std::string_view, 11> kProviders = {"files",    "github",  "gitlab",   "bitbucket", "google-drive", "google-calendar",
                                                         "dropbox",  "onedrive", "shopify", "stripe",    "web"};
}

bool is_known_provider(const std::string& id) { return std::find(kProviders.begin(), kProviders.end(), id) != kProviders.end(); }

std::string known_providers_text() {
  std::string out;
  for (auto p : kProviders) out += (out.empty() ? "" : ", ") + std::string(p);
  return out;
}

}  // namespace conhub::cli
