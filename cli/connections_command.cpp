// conhub-mcp connections [--workspace W] [--json]: what is connected; never a secret.
#include <cstdio>

#include <nlohmann/json.hpp>

#include <conhub/store/connections.hpp>
#include <conhub/store/time_text.hpp>

#include "commands.hpp"
#include "store_access.hpp"
#include "table.hpp"

namespace conhub::cli {

namespace {
constexpr const char* kUsage =
    "Usage: conhub-mcp connections [--workspace W] [--json]\n\n"
    "Lists connections (all workspaces unless --workspace): provider, name, credential kind,\n"
    "status, last sync and last error. Secrets are never shown.\n";
}

int connections_command(Args& args) {
  if (args.flag("--help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  const auto workspace = args.value("--workspace");
  const bool json = args.flag("--json");
  args.expect_empty();
  auto store = open_store();
  if (!store) return fail("connections", store.error());
  auto all = store::Connections(store->db).list(workspace);
  if (!all) return fail("connections", all.error());
  auto time_or_empty = [](const std::optional<std::int64_t>& t) { return t ? store::format_utc(*t) : std::string(); };
  if (json) {
    auto out = nlohmann::json::array();
    for (const auto& c : *all)
      out.push_back({{"workspace", c.workspace},
                     {"provider", c.provider},
                     {"name", c.name},
                     {"auth_method", c.auth_method},
                     {"status", c.status},
                     {"key_id", c.key_id},
                     {"last_sync_at", c.last_sync_at ? nlohmann::json(store::format_utc(*c.last_sync_at)) : nlohmann::json()},
                     {"last_error", c.last_error ? nlohmann::json(*c.last_error) : nlohmann::json()},
                     {"created_at", store::format_utc(c.created_at)},
                     {"updated_at", store::format_utc(c.updated_at)}});
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  if (all->empty()) {
    std::printf("no connections%s; add one with `conhub-mcp connect PROVIDER`\n",
                workspace ? (" in workspace " + *workspace).c_str() : "");
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : *all)
    rows.push_back({c.workspace, c.provider, c.name, c.auth_method, c.status, time_or_empty(c.last_sync_at),
                    c.last_error.value_or(""), store::format_utc(c.updated_at)});
  print_table(stdout, {"WORKSPACE", "PROVIDER", "NAME", "AUTH", "STATUS", "LAST SYNC", "LAST ERROR", "UPDATED"}, rows);
  return 0;
}

}  // namespace conhub::cli
