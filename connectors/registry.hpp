// The connector registry: which providers exist and how to create a connector for one stored
// connection. Adding a provider is one file under providers/ and one line in registry.cpp.
// Thread-safety: the table is immutable; create_connector may be called from any thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "connector.hpp"

namespace conhub::connectors {

/// A connector, or why the connection's config cannot make one (a message for operators).
using CreateResult = std::variant<std::unique_ptr<Connector>, std::string>;

/// Every provider with a built-in connector.
std::vector<ConnectorInfo> providers();
/// The provider's info, or nullptr when there is no connector for it.
const ConnectorInfo* find_provider(std::string_view provider);
CreateResult create_connector(ConnectorContext context);

}  // namespace conhub::connectors
