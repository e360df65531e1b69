// Access tokens for the HTTP transport, each scoped to one workspace.
// A token reads "chub_<16 hex id>_<43 base64url chars>": the id is the public lookup key
// (shown by `tokens list`, used by `tokens revoke`), the rest is 256 random bits. Only a
// BLAKE2b-256 hash of id and secret is stored; verify() compares in constant time.
// The HTTP layer calls verify() on each presented bearer token and serves the workspace
// it returns. Thread-safety: as the Database (one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conhub/store/database.hpp"
#include "conhub/store/result.hpp"
#include "conhub/store/secret.hpp"

namespace conhub::store {

inline constexpr std::string_view kTokenPrefix = "chub_";

struct TokenInfo {
  std::string id;  // public id
  std::string workspace;
  std::string label;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> last_used_at;
  std::optional<std::int64_t> revoked_at;
};

struct CreatedToken {
  TokenInfo info;
  Secret token;  // the whole bearer token; shown once, never stored
};

/// Who a verified token speaks for.
struct VerifiedToken {
  std::string id;
  std::string workspace;
  std::int64_t workspace_id = 0;
};

class Tokens {
 public:
  explicit Tokens(Database& db) : db_(db) {}

  Result<CreatedToken> create(const std::string& workspace, const std::string& label);
  Result<std::vector<TokenInfo>> list(const std::optional<std::string>& workspace);
  /// Revokes by public id; with `workspace`, only a token of that workspace.
  Result<TokenInfo> revoke(const std::string& id, const std::optional<std::string>& workspace);
  /// Checks a presented bearer token: well-formed, known, not revoked, hash matches.
  /// Every failure is kUnauthorized. Records last use (at most once a minute per token).
  Result<VerifiedToken> verify(std::string_view presented);

 private:
  Database& db_;
};

}  // namespace conhub::store
