// Shared helpers of the store tests: a TempHome with an open, migrated database and a
// key ring, plus raw SQL access for tests that tamper with rows on purpose.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "conhub/store/connections.hpp"
#include "conhub/store/database.hpp"
#include "conhub/store/key_ring.hpp"
#include "conhub/store/workspaces.hpp"
#include "support/temp_home.hpp"

namespace conhub::test {

inline store::Database open_db(const TempHome& home) {
  auto db = store::Database::open(home.db());
  if (!db) ADD_FAILURE() << db.error().message;
  return std::move(*db);
}

inline store::KeyRing load_ring(const TempHome& home, bool create = true) {
  auto ring = store::KeyRing::load(home.path(), create);
  if (!ring) ADD_FAILURE() << ring.error().message;
  return std::move(*ring);
}

inline store::Secret api_key(const std::string& text) {
  auto s = store::Secret::parse(text);
  EXPECT_TRUE(s.ok());
  return std::move(*s);
}

inline std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void sql(store::Database& db, const std::string& text) {
  auto st = db.exec(text);
  ASSERT_TRUE(st.ok()) << st.error().message;
}

/// Runs `body` in a forked child; returns its wait status. The child leaves with _exit,
/// so nothing of the parent's test state runs twice.
inline int run_in_child(const std::function<int()>& body) {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(body());
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

/// The database passes integrity_check and, with a freshly loaded key ring (what a new
/// process would see), holds at least `min_connections` connections whose api_key is
/// `expected_api_key(name)`.
inline void expect_intact(const TempHome& home, std::size_t min_connections,
                          const std::function<std::string(const std::string&)>& expected_api_key) {
  auto db = open_db(home);
  auto check = db.prepare("PRAGMA integrity_check");
  ASSERT_TRUE(check.ok());
  ASSERT_TRUE(*check->step());
  EXPECT_EQ(check->column_text(0), "ok");
  auto ring = load_ring(home, false);
  store::Connections c(db);
  auto all = c.list(std::nullopt);
  ASSERT_TRUE(all.ok());
  EXPECT_GE(all->size(), min_connections);
  for (const auto& conn : *all) {
    auto s = c.secret(conn, ring);
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(nlohmann::json::parse(s->reveal())["api_key"], expected_api_key(conn.name));
  }
}

}  // namespace conhub::test
