#include "conhub/store/connections.hpp"

#include <ctime>
#include <regex>

#include <fmt/format.h>

#include "conhub/store/vault.hpp"
#include "conhub/store/workspaces.hpp"
#include "meta.hpp"

namespace conhub::store {

namespace {

constexpr const char* kSelect =
    "SELECT c.id, w.name, c.workspace_id, c.provider, c.name, c.auth_method, c.status, COALESCE(c.key_id, ''),"
    " c.last_sync_at, c.last_error, c.created_at, c.updated_at, c.config FROM connections c JOIN workspaces w ON w.id = c.workspace_id";

ConnectionInfo read_row(const Statement& s) {
  ConnectionInfo c;
  c.id = s.column_int(0);
  c.workspace = s.column_text(1);
  c.workspace_id = s.column_int(2);
  c.provider = s.column_text(3);
  c.name = s.column_text(4);
  c.auth_method = s.column_text(5);
  c.status = s.column_text(6);
  c.key_id = s.column_text(7);
  c.last_sync_at = s.column_optional_int(8);
  c.last_error = s.column_optional_text(9);
  c.created_at = s.column_int(10);
  c.updated_at = s.column_int(11);
  c.config = s.column_text(12);
  return c;
}

std::int64_t now_seconds() { return static_cast<std::int64_t>(std::time(nullptr)); }

}  // namespace

std::string ConnectionInfo::label() const { return fmt::format("{}/{} in workspace {}", provider, name, workspace); }

Status validate_connection_name(const std::string& name) {
  static const std::regex kName("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  if (!std::regex_match(name, kName))
    return Error{ErrorKind::kInvalid, fmt::format("invalid connection name '{}': use 1-64 letters, digits, '.', '-' or '_', "
                                                  "starting with a letter or digit", name)};
  return ok_status();
}

Result<std::optional<std::string>> current_key_id(Database& db) { return detail::read_meta(db, detail::kCurrentKeyId); }

Result<ConnectionInfo> Connections::put(const std::string& workspace, const std::string& provider, const std::string& name,
                                        const Secret& secret, KeyRing& ring, bool replace) {
  if (auto st = validate_connection_name(name); !st) return st.error();
  if (secret.empty()) return Error{ErrorKind::kInvalid, "the secret is empty"};
  std::int64_t id = 0;
  auto done = db_.transaction([&]() -> Status {
    auto ws = Workspaces(db_).get(workspace);
    if (!ws) return ws.error();
    // Seal under the key the database names as current, read under the write lock: a
    // rotation that committed a moment ago has already moved it to the new key.
    auto current = detail::read_meta(db_, detail::kCurrentKeyId);
    if (!current) return current.error();
    const MasterKey* key = nullptr;
    if (*current) {
      key = ring.find(**current);
      if (key == nullptr)
        return Error{ErrorKind::kKey, fmt::format("the database seals secrets with master key {}, which is not loaded "
                                                  "(loaded: {} from {}); restore that key or update CONHUB_MASTER_KEY",
                                                  **current, ring.primary().id(), ring.origin())};
    } else {
      key = &ring.primary();
      if (auto st = detail::write_meta(db_, detail::kCurrentKeyId, key->id()); !st) return st;
    }
    const auto now = now_seconds();
    auto existing = db_.prepare("SELECT id FROM connections WHERE workspace_id = ?1 AND provider = ?2 AND name = ?3");
    if (!existing) return existing.error();
    existing->bind(1, ws->id).bind(2, provider).bind(3, name);
    auto row = existing->step();
    if (!row) return row.error();
    if (*row) {
      if (!replace)
        return Error{ErrorKind::kConflict, fmt::format("connection {}/{} already exists in workspace {}; pass --replace to "
                                                       "store a new secret for it, or choose another --name",
                                                       provider, name, workspace)};
      id = existing->column_int(0);
    } else {
      auto insert = db_.prepare(
          "INSERT INTO connections (workspace_id, provider, name, auth_method, status, created_at, updated_at)"
          " VALUES (?1, ?2, ?3, ?4, 'active', ?5, ?5)");
      if (!insert) return insert.error();
      insert->bind(1, ws->id).bind(2, provider).bind(3, name).bind(4, secret.auth_method()).bind(5, now);
      if (auto st = insert->run(); !st) return st;
      id = db_.last_insert_id();
    }
    // The row id is part of the associated data, so the secret is sealed after the insert.
    const SealContext where{ws->id, provider, id, fmt::format("{}/{} in workspace {}", provider, name, workspace)};
    const auto sealed = seal_secret(*key, where, secret);
    auto update = db_.prepare(
        "UPDATE connections SET secret = ?1, key_id = ?2, auth_method = ?3, status = 'active', last_error = NULL,"
        " updated_at = ?4 WHERE id = ?5");
    if (!update) return update.error();
    update->bind_blob(1, sealed.blob).bind(2, sealed.key_id).bind(3, secret.auth_method()).bind(4, now).bind(5, id);
    return update->run();
  });
  if (!done) return done.error();
  return get(workspace, provider, name);
}

Result<ConnectionInfo> Connections::put_without_secret(const std::string& workspace, const std::string& provider,
                                                       const std::string& name, const std::string& config_json, bool replace) {
  if (auto st = validate_connection_name(name); !st) return st.error();
  auto done = db_.transaction([&]() -> Status {
    auto ws = Workspaces(db_).get(workspace);
    if (!ws) return ws.error();
    const auto now = now_seconds();
    auto existing = db_.prepare("SELECT id FROM connections WHERE workspace_id = ?1 AND provider = ?2 AND name = ?3");
    if (!existing) return existing.error();
    existing->bind(1, ws->id).bind(2, provider).bind(3, name);
    auto row = existing->step();
    if (!row) return row.error();
    if (*row) {
      if (!replace)
        return Error{ErrorKind::kConflict, fmt::format("connection {}/{} already exists in workspace {}; pass --replace to "
                                                       "update it, or choose another --name",
                                                       provider, name, workspace)};
      auto update = db_.prepare(
          "UPDATE connections SET config = ?1, secret = NULL, key_id = NULL, auth_method = 'none', status = 'active',"
          " last_error = NULL, updated_at = ?2 WHERE id = ?3");
      if (!update) return update.error();
      update->bind(1, config_json).bind(2, now).bind(3, existing->column_int(0));
      return update->run();
    }
    auto insert = db_.prepare(
        "INSERT INTO connections (workspace_id, provider, name, auth_method, status, config, created_at, updated_at)"
        " VALUES (?1, ?2, ?3, 'none', 'active', ?4, ?5, ?5)");
    if (!insert) return insert.error();
    insert->bind(1, ws->id).bind(2, provider).bind(3, name).bind(4, config_json).bind(5, now);
    return insert->run();
  });
  if (!done) return done.error();
  return get(workspace, provider, name);
}

Status Connections::set_config(std::int64_t connection_id, const std::string& config_json) {
  auto s = db_.prepare("UPDATE connections SET config = ?1, updated_at = ?2 WHERE id = ?3");
  if (!s) return s.error();
  s->bind(1, config_json).bind(2, now_seconds()).bind(3, connection_id);
  return s->run();
}

Result<std::vector<ConnectionInfo>> Connections::list(const std::optional<std::string>& workspace) {
  if (workspace) {
    if (auto ws = Workspaces(db_).get(*workspace); !ws) return ws.error();
  }
  auto s = db_.prepare(std::string(kSelect) + (workspace ? " WHERE w.name = ?1" : "") + " ORDER BY w.name, c.provider, c.name");
  if (!s) return s.error();
  if (workspace) s->bind(1, *workspace);
  std::vector<ConnectionInfo> out;
  for (;;) {
    auto row = s->step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(read_row(*s));
  }
}

Result<ConnectionInfo> Connections::get(const std::string& workspace, const std::string& provider, const std::string& name) {
  auto s = db_.prepare(std::string(kSelect) + " WHERE w.name = ?1 AND c.provider = ?2 AND c.name = ?3");
  if (!s) return s.error();
  s->bind(1, workspace).bind(2, provider).bind(3, name);
  auto row = s->step();
  if (!row) return row.error();
  if (!*row) {
    if (auto ws = Workspaces(db_).get(workspace); !ws) return ws.error();
    return Error{ErrorKind::kNotFound, fmt::format("no connection {}/{} in workspace {}", provider, name, workspace)};
  }
  return read_row(*s);
}

Status Connections::remove(const std::string& workspace, const std::string& provider, const std::string& name) {
  auto c = get(workspace, provider, name);
  if (!c) return c.error();
  auto s = db_.prepare("DELETE FROM connections WHERE id = ?1");
  if (!s) return s.error();
  s->bind(1, c->id);
  return s->run();
}

Result<Secret> Connections::secret(const ConnectionInfo& connection, KeyRing& ring) {
  auto s = db_.prepare("SELECT secret, COALESCE(key_id, '') FROM connections WHERE id = ?1");
  if (!s) return s.error();
  s->bind(1, connection.id);
  auto row = s->step();
  if (!row) return row.error();
  if (!*row) return Error{ErrorKind::kNotFound, fmt::format("connection {} no longer exists", connection.label())};
  const Sealed sealed{s->column_blob(0), s->column_text(1)};
  return open_secret(ring, SealContext{connection.workspace_id, connection.provider, connection.id, connection.label()}, sealed);
}

Status Connections::record_status(std::int64_t connection_id, const std::string& status,
                                  const std::optional<std::string>& last_error, bool synced_now) {
  auto s = db_.prepare(
      "UPDATE connections SET status = ?1, last_error = ?2, updated_at = ?3,"
      " last_sync_at = CASE WHEN ?4 THEN ?3 ELSE last_sync_at END WHERE id = ?5");
  if (!s) return s.error();
  s->bind(1, status).bind(2, last_error).bind(3, now_seconds()).bind(4, static_cast<std::int64_t>(synced_now)).bind(5, connection_id);
  return s->run();
}

Result<int> Connections::count_sealed() {
  auto s = db_.prepare("SELECT COUNT(*) FROM connections WHERE secret IS NOT NULL");
  if (!s) return s.error();
  auto row = s->step();
  if (!row) return row.error();
  return static_cast<int>(s->column_int(0));
}

}  // namespace conhub::store
