// conhub-mcp workspaces [list|create NAME|delete NAME [--force]] [--json]
#include <cstdio>

#include <nlohmann/json.hpp>

#include <conhub/store/time_text.hpp>
#include <conhub/store/workspaces.hpp>

#include "commands.hpp"
#include "store_access.hpp"
#include "table.hpp"

namespace conhub::cli {

namespace {
constexpr const char* kUsage =
    "Usage: conhub-mcp workspaces [list] [--json]\n"
    "       conhub-mcp workspaces create NAME\n"
    "       conhub-mcp workspaces delete NAME [--force]\n\n"
    "A workspace groups connections and access tokens; an agent serves one workspace\n"
    "(`serve --stdio --workspace NAME`). The workspace 'default' always exists.\n\n"
    "Options:\n"
    "  --json     machine-readable output (list)\n"
    "  --force    delete a workspace together with its connections and tokens\n";
}

int workspaces_command(Args& args) {
  if (args.flag("--help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  const bool json = args.flag("--json");
  const bool force = args.flag("--force");
  const std::string action = args.positional().value_or("list");
  std::optional<std::string> name;
  if (action == "create" || action == "delete") {
    name = args.positional();
    if (!name) throw UsageError{"workspaces " + action + " needs a NAME"};
  } else if (action != "list") {
    throw UsageError{"unknown action '" + action + "' (use list, create or delete)"};
  }
  args.expect_empty();

  auto store = open_store();
  if (!store) return fail("workspaces", store.error());
  store::Workspaces workspaces(store->db);
  if (action == "create") {
    auto ws = workspaces.create(*name);
    if (!ws) return fail("workspaces", ws.error());
    std::printf("created workspace %s\n", ws->name.c_str());
    return 0;
  }
  if (action == "delete") {
    if (auto st = workspaces.remove(*name, force); !st) return fail("workspaces", st.error());
    std::printf("deleted workspace %s\n", name->c_str());
    return 0;
  }
  auto all = workspaces.list();
  if (!all) return fail("workspaces", all.error());
  if (json) {
    auto out = nlohmann::json::array();
    for (const auto& w : *all)
      out.push_back({{"name", w.name}, {"connections", w.connections}, {"active_tokens", w.tokens}, {"created_at", store::format_utc(w.created_at)}});
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& w : *all)
    rows.push_back({w.name, std::to_string(w.connections), std::to_string(w.tokens), store::format_utc(w.created_at)});
  print_table(stdout, {"WORKSPACE", "CONNECTIONS", "TOKENS", "CREATED"}, rows);
  return 0;
}

}  // namespace conhub::cli
