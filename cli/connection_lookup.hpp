// Finds the connection a command names as PROVIDER or PROVIDER/NAME in a workspace.
// PROVIDER alone means the workspace's only connection of that provider, whatever its
// name; when there are none or several, the error says what to run or to choose.
// Main thread only (uses the caller's Database).
#pragma once

#include <string>

#include <conhub/store/connections.hpp>
#include <conhub/store/database.hpp>
#include <conhub/store/result.hpp>

namespace conhub::cli {

struct ConnectionTarget {
  std::string provider;
  std::string name;  // empty: the only one of the provider
};

/// Splits "github" or "github/work"; throws UsageError for "", "/x" or "github/".
ConnectionTarget parse_connection_target(const std::string& text, const char* command);

store::Result<store::ConnectionInfo> find_connection(store::Database& db, const std::string& workspace,
                                                     const ConnectionTarget& target);

}  // namespace conhub::cli
