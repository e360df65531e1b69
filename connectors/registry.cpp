#include "registry.hpp"

#include <array>

#include "providers/files.hpp"
#include "providers/github.hpp"
#include "providers/web.hpp"

namespace conhub::connectors {

namespace {

struct Entry {
  ConnectorInfo (*info)();
  CreateResult (*create)(ConnectorContext context);
};

// One line per provider.
const std::array<Entry, 3> kProviders = {{
    {&FilesConnector::static_info, &FilesConnector::create},
    {&GitHubConnector::static_info, &GitHubConnector::create},
    {&WebConnector::static_info, &WebConnector::create},
}};

}  // namespace

std::vector<ConnectorInfo> providers() {
  std::vector<ConnectorInfo> out;
  for (const auto& e : kProviders) out.push_back(e.info());
  return out;
}

const ConnectorInfo* find_provider(std::string_view provider) {
  static const std::vector<ConnectorInfo> kInfos = providers();
  for (const auto& info : kInfos)
    if (info.provider == provider) return &info;
  return nullptr;
}

CreateResult create_connector(ConnectorContext context) {
  for (const auto& e : kProviders)
    if (e.info().provider == context.connection.provider) return e.create(std::move(context));
  return std::string("no built-in connector for provider '" + context.connection.provider + "'");
}

}  // namespace conhub::connectors
