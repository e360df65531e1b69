// Workspaces: named groups of connections and tokens; an agent serves one workspace.
// The workspace "default" always exists (created by the first migration, never deleted).
// Thread-safety: as the Database it wraps (one thread at a time).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "conhub/store/database.hpp"
#include "conhub/store/result.hpp"

namespace conhub::store {

inline constexpr const char* kDefaultWorkspace = "default";

struct Workspace {
  std::int64_t id = 0;
  std::string name;
  std::int64_t created_at = 0;
  int connections = 0;
  int tokens = 0;  // tokens not revoked
};

/// Names are 1-64 of [A-Za-z0-9_-], starting with a letter or digit.
Status validate_workspace_name(const std::string& name);

class Workspaces {
 public:
  explicit Workspaces(Database& db) : db_(db) {}

  Result<std::vector<Workspace>> list();
  Result<Workspace> get(const std::string& name);
  Result<Workspace> create(const std::string& name);
  /// Refuses "default", and a workspace that still has connections or live tokens unless
  /// `force` (which deletes them with it). Audit rows are kept: they name the workspace.
  Status remove(const std::string& name, bool force);

 private:
  Database& db_;
};

}  // namespace conhub::store
