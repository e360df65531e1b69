// conhub-mcp disconnect PROVIDER[/NAME] [--workspace W]: deletes a connection and its secret.
#include <cstdio>

#include <conhub/store/connections.hpp>

#include "commands.hpp"
#include "store_access.hpp"

namespace conhub::cli {

namespace {
constexpr const char* kUsage =
    "Usage: conhub-mcp disconnect PROVIDER[/NAME] [--workspace W]\n\n"
    "Deletes the connection (and its encrypted secret). NAME defaults to 'default',\n"
    "the workspace to 'default'. Revoke the credential at the provider as well.\n";
}

int disconnect_command(Args& args) {
  if (args.flag("--help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  const auto workspace = workspace_or_default(args.value("--workspace"));
  const auto target = args.positional();
  if (!target) throw UsageError{"disconnect needs PROVIDER or PROVIDER/NAME"};
  args.expect_empty();
  const auto slash = target->find('/');
  const std::string provider = target->substr(0, slash);
  const std::string name = slash == std::string::npos ? store::kDefaultConnectionName : target->substr(slash + 1);
  if (provider.empty() || name.empty()) throw UsageError{"disconnect needs PROVIDER or PROVIDER/NAME, got '" + *target + "'"};

  auto store = open_store();
  if (!store) return fail("disconnect", store.error());
  if (auto st = store::Connections(store->db).remove(workspace, provider, name); !st) return fail("disconnect", st.error());
  std::printf("disconnected %s/%s from workspace %s\n", provider.c_str(), name.c_str(), workspace.c_str());
  return 0;
}

}  // namespace conhub::cli
