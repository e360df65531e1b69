#include "store_access.hpp"

#include <cstdio>

#include <conhub/store/connections.hpp>
#include <conhub/store/data_dir.hpp>
#include <conhub/store/workspaces.hpp>

namespace conhub::cli {

store::Result<OpenStore> open_store() {
  auto dir = store::data_dir_from_env();
  if (!dir) return dir.error();
  if (auto st = store::ensure_private_dir(*dir); !st) return st.error();
  auto db = store::Database::open(store::database_path(*dir));
  if (!db) return db.error();
  return OpenStore{*dir, std::move(*db)};
}

store::Result<store::KeyRing> load_keys(OpenStore& store) {
  auto current = store::current_key_id(store.db);
  if (!current) return current.error();
  return store::KeyRing::load(store.dir, /*create_if_missing=*/!current->has_value());
}

int fail(const char* command, const std::string& message) {
  std::fprintf(stderr, "conhub-mcp %s: %s\n", command, message.c_str());
  return 1;
}

std::string workspace_or_default(const std::optional<std::string>& flag) { return flag.value_or(store::kDefaultWorkspace); }

}  // namespace conhub::cli
