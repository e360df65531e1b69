#include "conhub/store/workspaces.hpp"

#include <ctime>
#include <regex>

#include <fmt/format.h>

namespace conhub::store {

namespace {
constexpr const char* kSelect =
    "SELECT w.id, w.name, w.created_at,"
    " (SELECT COUNT(*) FROM connections c WHERE c.workspace_id = w.id),"
    " (SELECT COUNT(*) FROM access_tokens t WHERE t.workspace_id = w.id AND t.revoked_at IS NULL)"
    " FROM workspaces w";

Workspace read_row(const Statement& s) {
  return Workspace{s.column_int(0), s.column_text(1), s.column_int(2), static_cast<int>(s.column_int(3)),
                   static_cast<int>(s.column_int(4))};
}
}  // namespace

Status validate_workspace_name(const std::string& name) {
  static const std::regex kName("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
  if (!std::regex_match(name, kName))
    return Error{ErrorKind::kInvalid, fmt::format("invalid workspace name '{}': use 1-64 letters, digits, '-' or '_', "
                                                  "starting with a letter or digit", name)};
  return ok_status();
}

Result<std::vector<Workspace>> Workspaces::list() {
  auto s = db_.prepare(std::string(kSelect) + " ORDER BY w.name");
  if (!s) return s.error();
  std::vector<Workspace> out;
  for (;;) {
    auto row = s->step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(read_row(*s));
  }
}

Result<Workspace> Workspaces::get(const std::string& name) {
  auto s = db_.prepare(std::string(kSelect) + " WHERE w.name = ?1");
  if (!s) return s.error();
  s->bind(1, name);
  auto row = s->step();
  if (!row) return row.error();
  if (!*row)
    return Error{ErrorKind::kNotFound,
                 fmt::format("no workspace '{}' (create it with `conhub-mcp workspaces create {}`)", name, name)};
  return read_row(*s);
}

Result<Workspace> Workspaces::create(const std::string& name) {
  if (auto st = validate_workspace_name(name); !st) return st.error();
  auto s = db_.prepare("INSERT INTO workspaces (name, created_at) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING");
  if (!s) return s.error();
  s->bind(1, name).bind(2, static_cast<std::int64_t>(std::time(nullptr)));
  if (auto st = s->run(); !st) return st.error();
  if (db_.changes() == 0) return Error{ErrorKind::kConflict, fmt::format("workspace '{}' already exists", name)};
  return get(name);
}

Status Workspaces::remove(const std::string& name, bool force) {
  if (name == kDefaultWorkspace) return Error{ErrorKind::kInvalid, "the workspace 'default' cannot be deleted"};
  return db_.transaction([&]() -> Status {
    auto ws = get(name);
    if (!ws) return ws.error();
    if (!force && (ws->connections > 0 || ws->tokens > 0))
      return Error{ErrorKind::kConflict,
                   fmt::format("workspace '{}' still has {} connection(s) and {} active token(s); disconnect and revoke "
                               "them first, or pass --force to delete them with it", name, ws->connections, ws->tokens)};
    for (const char* sql : {"DELETE FROM connections WHERE workspace_id = ?1", "DELETE FROM access_tokens WHERE workspace_id = ?1",
                            "DELETE FROM workspaces WHERE id = ?1"}) {
      auto s = db_.prepare(sql);
      if (!s) return s.error();
      s->bind(1, ws->id);
      if (auto st = s->run(); !st) return st.error();
    }
    return ok_status();
  });
}

}  // namespace conhub::store
