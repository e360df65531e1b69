// The `meta` table: settings every process shares through the database. Used inside the
// caller's transaction, so a value read here cannot change before that transaction ends.
#pragma once

#include <optional>
#include <string>

#include "conhub/store/database.hpp"

namespace conhub::store::detail {

inline Result<std::optional<std::string>> read_meta(Database& db, const char* key) {
  auto s = db.prepare("SELECT value FROM meta WHERE key = ?1");
  if (!s) return s.error();
  s->bind(1, key);
  auto row = s->step();
  if (!row) return row.error();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(s->column_text(0));
}

inline Status write_meta(Database& db, const char* key, const std::string& value) {
  auto s = db.prepare("INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  if (!s) return s.error();
  s->bind(1, key).bind(2, value);
  return s->run();
}

inline constexpr const char* kCurrentKeyId = "current_key_id";

}  // namespace conhub::store::detail
