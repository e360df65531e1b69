#include "conhub/store/tokens.hpp"

#include <sodium.h>

#include <array>
#include <ctime>

#include <fmt/format.h>

#include "conhub/store/master_key.hpp"
#include "conhub/store/workspaces.hpp"

namespace conhub::store {

namespace {

constexpr std::size_t kIdHex = 16;      // 8 random bytes
constexpr std::size_t kSecretBytes = 32;
constexpr std::size_t kSecretText = 43;  // base64url of 32 bytes, no padding
constexpr std::size_t kTokenSize = kTokenPrefix.size() + kIdHex + 1 + kSecretText;
constexpr std::int64_t kLastUsedGranularity = 60;

// BLAKE2b keyed with a fixed context string: domain separation from any other hash of
// the same bytes. The token carries 256 random bits, so no slow hash or pepper is needed.
std::array<unsigned char, 32> token_hash(std::string_view id, std::string_view secret) {
  static constexpr unsigned char kContext[] = "conhub-access-token-v1";
  std::array<unsigned char, 32> out{};
  crypto_generichash_state state;
  crypto_generichash_init(&state, kContext, sizeof kContext - 1, out.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(id.data()), id.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(":"), 1);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  crypto_generichash_final(&state, out.data(), out.size());
  return out;
}

std::int64_t now_seconds() { return static_cast<std::int64_t>(std::time(nullptr)); }

Error unauthorized(const char* why) { return Error{ErrorKind::kUnauthorized, why}; }

constexpr const char* kSelect =
    "SELECT t.public_id, w.name, COALESCE(t.label, ''), t.created_at, t.last_used_at, t.revoked_at"
    " FROM access_tokens t JOIN workspaces w ON w.id = t.workspace_id";

TokenInfo read_row(const Statement& s) {
  return TokenInfo{s.column_text(0), s.column_text(1), s.column_text(2), s.column_int(3), s.column_optional_int(4),
                   s.column_optional_int(5)};
}

}  // namespace

Result<CreatedToken> Tokens::create(const std::string& workspace, const std::string& label) {
  ensure_sodium();
  auto ws = Workspaces(db_).get(workspace);
  if (!ws) return ws.error();
  unsigned char id_bytes[kIdHex / 2];
  randombytes_buf(id_bytes, sizeof id_bytes);
  char id_text[kIdHex + 1];
  sodium_bin2hex(id_text, sizeof id_text, id_bytes, sizeof id_bytes);
  unsigned char secret_bytes[kSecretBytes];
  randombytes_buf(secret_bytes, sizeof secret_bytes);
  char secret_text[sodium_base64_ENCODED_LEN(kSecretBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(secret_text, sizeof secret_text, secret_bytes, sizeof secret_bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(secret_bytes, sizeof secret_bytes);
  const auto hash = token_hash(id_text, secret_text);
  std::string whole = fmt::format("{}{}_{}", kTokenPrefix, id_text, secret_text);
  sodium_memzero(secret_text, sizeof secret_text);

  auto s = db_.prepare("INSERT INTO access_tokens (public_id, workspace_id, label, hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!s) return s.error();
  s->bind(1, std::string_view(id_text)).bind(2, ws->id).bind(3, label).bind_blob(4, {hash.begin(), hash.end()}).bind(5, now_seconds());
  if (auto st = s->run(); !st) return st.error();
  CreatedToken out{TokenInfo{id_text, workspace, label, now_seconds(), std::nullopt, std::nullopt}, Secret::adopt(whole)};
  wipe_string(whole);
  return out;
}

Result<std::vector<TokenInfo>> Tokens::list(const std::optional<std::string>& workspace) {
  if (workspace) {
    if (auto ws = Workspaces(db_).get(*workspace); !ws) return ws.error();
  }
  auto s = db_.prepare(std::string(kSelect) + (workspace ? " WHERE w.name = ?1" : "") + " ORDER BY t.created_at, t.id");
  if (!s) return s.error();
  if (workspace) s->bind(1, *workspace);
  std::vector<TokenInfo> out;
  for (;;) {
    auto row = s->step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(read_row(*s));
  }
}

Result<TokenInfo> Tokens::revoke(const std::string& id, const std::optional<std::string>& workspace) {
  auto s = db_.prepare(std::string(kSelect) + " WHERE t.public_id = ?1");
  if (!s) return s.error();
  s->bind(1, id);
  auto row = s->step();
  if (!row) return row.error();
  if (!*row || (workspace && s->column_text(1) != *workspace))
    return Error{ErrorKind::kNotFound, workspace ? fmt::format("no token {} in workspace {}", id, *workspace)
                                                 : fmt::format("no token {}", id)};
  auto info = read_row(*s);
  if (info.revoked_at) return info;  // already revoked: revoking again is harmless
  auto u = db_.prepare("UPDATE access_tokens SET revoked_at = ?1 WHERE public_id = ?2");
  if (!u) return u.error();
  info.revoked_at = now_seconds();
  u->bind(1, *info.revoked_at).bind(2, id);
  if (auto st = u->run(); !st) return st.error();
  return info;
}

Result<VerifiedToken> Tokens::verify(std::string_view presented) {
  ensure_sodium();
  if (presented.size() != kTokenSize || presented.substr(0, kTokenPrefix.size()) != kTokenPrefix ||
      presented[kTokenPrefix.size() + kIdHex] != '_')
    return unauthorized("malformed access token");
  const auto id = presented.substr(kTokenPrefix.size(), kIdHex);
  const auto secret = presented.substr(kTokenPrefix.size() + kIdHex + 1);
  auto s = db_.prepare(
      "SELECT t.hash, t.revoked_at, t.last_used_at, w.name, w.id FROM access_tokens t"
      " JOIN workspaces w ON w.id = t.workspace_id WHERE t.public_id = ?1");
  if (!s) return s.error();
  s->bind(1, id);
  auto row = s->step();
  if (!row) return row.error();
  if (!*row) return unauthorized("unknown access token");
  const auto stored = s->column_blob(0);
  const auto computed = token_hash(id, secret);
  if (stored.size() != computed.size() || crypto_verify_32(stored.data(), computed.data()) != 0)
    return unauthorized("access token does not match");
  if (s->column_optional_int(1)) return unauthorized("access token revoked");
  VerifiedToken out{std::string(id), s->column_text(3), s->column_int(4)};
  const auto last = s->column_optional_int(2);
  const auto now = now_seconds();
  if (!last || now - *last >= kLastUsedGranularity) {
    auto u = db_.prepare("UPDATE access_tokens SET last_used_at = ?1 WHERE public_id = ?2");
    if (u) {
      u->bind(1, now).bind(2, id);
      (void)u->run();  // bookkeeping only: a busy database must not refuse a valid token
    }
  }
  return out;
}

}  // namespace conhub::store
