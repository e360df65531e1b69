// The provider ids `connect` accepts. A fixed list until the connector registry exists
// (issue 4); then this becomes a lookup in the registry.
#pragma once

#include <string>

namespace conhub::cli {

bool is_known_provider(const std::string& id);
/// "files, github, …" for messages.
std::string known_providers_text();

}  // namespace conhub::cli
