// How the subcommands reach the store: open the data directory's database, load the
// master keys when a command needs secrets, and report a store failure as the one-line
// reason of a non-zero exit. Main thread only.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include <conhub/store/database.hpp>
#include <conhub/store/key_ring.hpp>
#include <conhub/store/result.hpp>

namespace conhub::cli {

struct OpenStore {
  std::filesystem::path dir;
  store::Database db;
};

/// Resolves the data directory (creating it 0700) and opens the migrated database.
store::Result<OpenStore> open_store();
/// Loads the master keys. A missing key file is created only while no secret is stored,
/// so a lost key is reported instead of being silently replaced.
store::Result<store::KeyRing> load_keys(OpenStore& store);

/// Prints "conhub-mcp COMMAND: MESSAGE" to stderr and returns the exit code 1.
int fail(const char* command, const std::string& message);
inline int fail(const char* command, const store::Error& error) { return fail(command, error.message); }

/// The --workspace value, else "default".
std::string workspace_or_default(const std::optional<std::string>& flag);

}  // namespace conhub::cli
