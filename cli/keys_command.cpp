// conhub-mcp keys rotate|status: the master key that seals every stored secret.
#include <cstdio>
#include <cstdlib>
#include <map>

#include <conhub/store/connections.hpp>
#include <conhub/store/key_rotation.hpp>

#include "commands.hpp"
#include "store_access.hpp"

namespace conhub::cli {

namespace {
constexpr const char* kUsage =
    "Usage: conhub-mcp keys rotate [--new-key-env VAR]\n"
    "       conhub-mcp keys status\n\n"
    "rotate: re-encrypts every stored secret under a new master key in one transaction.\n"
    "  With the key file (DATA_DIR/master.key) the new key replaces it once the transaction\n"
    "  is durable; back the new file up. An interrupted rotation leaves every secret\n"
    "  readable and is finished by the next `keys rotate`.\n"
    "  With CONHUB_MASTER_KEY, pass the new key (base64 of 32 bytes) in the environment\n"
    "  variable named by --new-key-env, then set CONHUB_MASTER_KEY to it everywhere.\n"
    "status: where the key comes from, its id, and how many secrets each key id seals.\n";
}

int keys_command(Args& args) {
  if (args.flag("--help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  const auto new_key_env = args.value("--new-key-env");
  const auto action = args.positional();
  if (!action || (*action != "rotate" && *action != "status")) throw UsageError{"keys needs an action: rotate or status"};
  args.expect_empty();

  auto store = open_store();
  if (!store) return fail("keys", store.error());
  if (*action == "status") {
    auto current = store::current_key_id(store->db);
    if (!current) return fail("keys", current.error());
    auto ring = store::KeyRing::load(store->dir, false);
    std::printf("key source:      %s\n", ring ? ring->origin().c_str() : ring.error().message.c_str());
    std::printf("loaded key ids:  ");
    if (ring)
      for (const auto& id : ring->loaded_ids()) std::printf("%s ", id.c_str());
    std::printf("\ndatabase key id: %s\n", current->value_or("(no secret stored yet)").c_str());
    auto all = store::Connections(store->db).list(std::nullopt);
    if (!all) return fail("keys", all.error());
    std::map<std::string, int> per_key;
    for (const auto& c : *all) ++per_key[c.key_id];
    for (const auto& [id, n] : per_key) std::printf("  %d secret(s) sealed with %s\n", n, id.c_str());
    return ring ? 0 : 1;
  }

  store::RotationOptions options;
  if (new_key_env) {
    const char* text = std::getenv(new_key_env->c_str());
    if (text == nullptr || *text == '\0') return fail("keys", "environment variable " + *new_key_env + " is not set or empty");
    auto key = store::MasterKey::from_base64(text, *new_key_env);
    if (!key) return fail("keys", key.error());
    options.new_key = std::move(*key);
  }
  auto ring = load_keys(*store);
  if (!ring) return fail("keys", ring.error());
  if (new_key_env && ring->source() != store::KeyRing::Source::kEnvironment)
    throw UsageError{"--new-key-env is for keys from CONHUB_MASTER_KEY; with the key file a new key is generated"};
  auto report = store::rotate_master_key(store->db, *ring, std::move(options));
  if (!report) return fail("keys", report.error());
  if (report->resumed) std::printf("finished an interrupted rotation first\n");
  std::printf("rotated the master key: %d secret(s) re-encrypted under %s (was %s)\n", report->secrets,
              report->new_key_id.c_str(), report->old_key_id.empty() ? "none" : report->old_key_id.c_str());
  if (ring->source() == store::KeyRing::Source::kEnvironment)
    std::printf("now set CONHUB_MASTER_KEY to the new key everywhere conhub-mcp runs\n");
  else
    std::printf("the new key is in %s: back it up now (the old backup no longer opens these secrets)\n",
                store::key_file_path(store->dir).c_str());
  return 0;
}

}  // namespace conhub::cli
