// Connections: one credential for one provider in one workspace, under a name (so a
// workspace can hold "github/work" and "github/personal"). The secret is sealed by the
// Vault with the master key the database names as current (meta.current_key_id), inside
// the same transaction, so a concurrent rotation can never leave it under a retired key.
// Listing never reads secrets. Thread-safety: as the Database (one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "conhub/store/database.hpp"
#include "conhub/store/key_ring.hpp"
#include "conhub/store/result.hpp"
#include "conhub/store/secret.hpp"

namespace conhub::store {

inline constexpr const char* kDefaultConnectionName = "default";

struct ConnectionInfo {
  std::int64_t id = 0;
  std::string workspace;
  std::int64_t workspace_id = 0;
  std::string provider;
  std::string name;
  std::string auth_method;
  std::string status;
  std::string key_id;
  std::optional<std::int64_t> last_sync_at;
  std::optional<std::string> last_error;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::string config = "{}";  // non-secret settings as JSON text (roots, base URL, …)

  /// "github/work in workspace default", for messages.
  std::string label() const;
};

/// Names are 1-64 of [A-Za-z0-9_.-], starting with a letter or digit.
Status validate_connection_name(const std::string& name);

class Connections {
 public:
  explicit Connections(Database& db) : db_(db) {}

  /// Stores a new connection (or, with `replace`, a new secret for an existing one).
  Result<ConnectionInfo> put(const std::string& workspace, const std::string& provider, const std::string& name,
                             const Secret& secret, KeyRing& ring, bool replace);
  /// Stores a connection that needs no credential (auth_method "none"), or with `replace`
  /// updates an existing one's config. `config_json` is JSON text; the store does not parse it.
  Result<ConnectionInfo> put_without_secret(const std::string& workspace, const std::string& provider,
                                            const std::string& name, const std::string& config_json, bool replace);
  /// Replaces a connection's non-secret config (JSON text).
  Status set_config(std::int64_t connection_id, const std::string& config_json);
  /// All connections, or those of one workspace; never reads a secret.
  Result<std::vector<ConnectionInfo>> list(const std::optional<std::string>& workspace);
  Result<ConnectionInfo> get(const std::string& workspace, const std::string& provider, const std::string& name);
  Status remove(const std::string& workspace, const std::string& provider, const std::string& name);
  /// Decrypts one connection's secret; the error names the connection.
  Result<Secret> secret(const ConnectionInfo& connection, KeyRing& ring);
  /// Records the outcome of a sync or credential check (for `conhub-mcp connections`).
  Status record_status(std::int64_t connection_id, const std::string& status, const std::optional<std::string>& last_error,
                       bool synced_now);
  /// Number of stored secrets (a missing key file is only created when this is 0).
  Result<int> count_sealed();

 private:
  Database& db_;
};

/// The key id the database says new secrets are sealed with; nullopt before the first secret.
Result<std::optional<std::string>> current_key_id(Database& db);

}  // namespace conhub::store
