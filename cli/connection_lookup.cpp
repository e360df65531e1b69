#include "connection_lookup.hpp"

#include <vector>

#include <conhub/store/workspaces.hpp>

#include "args.hpp"

namespace conhub::cli {

namespace {

// " --workspace W" when W is not the default, so the suggested command works as printed.
std::string workspace_flag(const std::string& workspace) {
  return workspace == store::kDefaultWorkspace ? "" : " --workspace " + workspace;
}

}  // namespace

ConnectionTarget parse_connection_target(const std::string& text, const char* command) {
  const auto slash = text.find('/');
  ConnectionTarget t{text.substr(0, slash), slash == std::string::npos ? "" : text.substr(slash + 1)};
  if (t.provider.empty() || (slash != std::string::npos && t.name.empty()))
    throw UsageError{std::string(command) + " needs PROVIDER or PROVIDER/NAME, got '" + text + "'"};
  return t;
}

store::Result<store::ConnectionInfo> find_connection(store::Database& db, const std::string& workspace,
                                                     const ConnectionTarget& target) {
  auto all = store::Connections(db).list(workspace);
  if (!all) return all.error();
  std::vector<store::ConnectionInfo> same_provider;
  for (auto& c : *all)
    if (c.provider == target.provider) same_provider.push_back(std::move(c));
  std::string names;
  for (const auto& c : same_provider) names += (names.empty() ? "" : ", ") + c.name;

  if (!target.name.empty()) {
    for (auto& c : same_provider)
      if (c.name == target.name) return std::move(c);
    return store::Error{store::ErrorKind::kNotFound,
                        "no connection " + target.provider + "/" + target.name + " in workspace " + workspace +
                            (names.empty() ? "" : " (its " + target.provider + " connections: " + names + ")") +
                            "; run `conhub-mcp connect " + target.provider + " --name " + target.name +
                            workspace_flag(workspace) + "` to add it"};
  }
  if (same_provider.empty())
    return store::Error{store::ErrorKind::kNotFound, "no " + target.provider + " connection in workspace " + workspace +
                                                         "; run `conhub-mcp connect " + target.provider +
                                                         workspace_flag(workspace) + "` first"};
  if (same_provider.size() > 1)
    return store::Error{store::ErrorKind::kConflict, "workspace " + workspace + " has several " + target.provider +
                                                         " connections (" + names + "); name one as " +
                                                         target.provider + "/NAME"};
  return std::move(same_provider.front());
}

}  // namespace conhub::cli
