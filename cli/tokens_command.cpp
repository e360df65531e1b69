// conhub-mcp tokens create|list|revoke: bearer tokens for the HTTP transport, one
// workspace each. A new token is printed once (stdout) and only its hash is stored.
#include <cstdio>

#include <nlohmann/json.hpp>

#include <conhub/store/time_text.hpp>
#include <conhub/store/tokens.hpp>

#include "commands.hpp"
#include "store_access.hpp"
#include "table.hpp"

namespace conhub::cli {

namespace {
constexpr const char* kUsage =
    "Usage: conhub-mcp tokens create --workspace W [--label TEXT] [--json]\n"
    "       conhub-mcp tokens list [--workspace W] [--json]\n"
    "       conhub-mcp tokens revoke ID [--workspace W]\n\n"
    "Access tokens let an HTTP client use one workspace. `create` prints the token once on\n"
    "stdout (only a hash is stored: a lost token is revoked and replaced, not recovered).\n"
    "ID is the 16-hex-digit id shown by `list` (also the part after `chub_` in the token).\n";

nlohmann::json to_json(const store::TokenInfo& t) {
  auto time = [](const std::optional<std::int64_t>& v) { return v ? nlohmann::json(store::format_utc(*v)) : nlohmann::json(); };
  return {{"id", t.id}, {"workspace", t.workspace}, {"label", t.label}, {"created_at", store::format_utc(t.created_at)},
          {"last_used_at", time(t.last_used_at)}, {"revoked_at", time(t.revoked_at)}};
}
}  // namespace

int tokens_command(Args& args) {
  if (args.flag("--help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  const auto workspace = args.value("--workspace");
  const auto label = args.value("--label");
  const bool json = args.flag("--json");
  const auto action = args.positional();
  if (!action) throw UsageError{"tokens needs an action: create, list or revoke"};
  std::optional<std::string> id;
  if (*action == "create") {
    // The scope of a credential is never implied: name the workspace.
    if (!workspace) throw UsageError{"tokens create needs --workspace W (the only workspace the token may use)"};
  } else if (*action == "revoke") {
    id = args.positional();
    if (!id) throw UsageError{"tokens revoke needs the token ID (see `conhub-mcp tokens list`)"};
  } else if (*action != "list") {
    throw UsageError{"unknown action '" + *action + "' (use create, list or revoke)"};
  }
  args.expect_empty();

  auto store = open_store();
  if (!store) return fail("tokens", store.error());
  store::Tokens tokens(store->db);
  if (*action == "create") {
    auto created = tokens.create(*workspace, label.value_or(""));
    if (!created) return fail("tokens", created.error());
    if (json) {
      auto out = to_json(created->info);
      out["token"] = std::string(created->token.reveal());
      std::string text = out.dump(2);
      std::printf("%s\n", text.c_str());
      store::wipe_string(text);
      store::wipe_string(out["token"].get_ref<std::string&>());
    } else {
      std::fprintf(stderr, "created token %s for workspace %s; copy it now, it is not shown again:\n",
                   created->info.id.c_str(), workspace->c_str());
      std::printf("%.*s\n", static_cast<int>(created->token.reveal().size()), created->token.reveal().data());
    }
    return 0;
  }
  if (*action == "revoke") {
    auto revoked = tokens.revoke(*id, workspace);
    if (!revoked) return fail("tokens", revoked.error());
    std::printf("revoked token %s (workspace %s)\n", revoked->id.c_str(), revoked->workspace.c_str());
    return 0;
  }
  auto all = tokens.list(workspace);
  if (!all) return fail("tokens", all.error());
  if (json) {
    auto out = nlohmann::json::array();
    for (const auto& t : *all) out.push_back(to_json(t));
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& t : *all)
    rows.push_back({t.id, t.workspace, t.label, store::format_utc(t.created_at), t.last_used_at ? store::format_utc(*t.last_used_at) : "",
                    t.revoked_at ? "revoked " + store::format_utc(*t.revoked_at) : "active"});
  print_table(stdout, {"ID", "WORKSPACE", "LABEL", "CREATED", "LAST USED", "STATE"}, rows);
  return 0;
}

}  // namespace conhub::cli
