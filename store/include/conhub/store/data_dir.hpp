// Where conhub-mcp keeps its state: $CONHUB_HOME, else $XDG_DATA_HOME/conhub, else
// ~/.local/share/conhub. The directory holds conhub.db (and its -wal/-shm) and master.key,
// so it is created with mode 0700. Stateless functions; thread-safe.
#pragma once

#include <filesystem>

#include "conhub/store/result.hpp"

namespace conhub::store {

/// The data directory named by the environment (not created).
Result<std::filesystem::path> data_dir_from_env();

/// Creates `dir` (and missing parents) with mode 0700 for the last component.
Status ensure_private_dir(const std::filesystem::path& dir);

inline std::filesystem::path database_path(const std::filesystem::path& dir) { return dir / "conhub.db"; }

}  // namespace conhub::store
