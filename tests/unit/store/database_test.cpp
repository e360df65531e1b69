#include "conhub/store/database.hpp"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include "conhub/store/data_dir.hpp"
#include "store_fixture.hpp"

namespace conhub::store {
namespace {

using test::TempHome;

std::string pragma(Database& db, const std::string& name) {
  auto s = db.prepare("PRAGMA " + name);
  EXPECT_TRUE(s.ok());
  auto row = s->step();
  EXPECT_TRUE(row.ok() && *row);
  return s->column_text(0);
}

TEST(Database, FreshDatabaseIsMigratedToCurrentVersion) {
  TempHome home;
  auto db = test::open_db(home);
  EXPECT_EQ(db.schema_version(), current_schema_version());
  EXPECT_GE(current_schema_version(), 1);
  EXPECT_EQ(pragma(db, "journal_mode"), "wal");
  EXPECT_EQ(pragma(db, "foreign_keys"), "1");
  auto ws = Workspaces(db).get(kDefaultWorkspace);
  ASSERT_TRUE(ws.ok()) << ws.error().message;
}

TEST(Database, ReopenKeepsDataAndAppliesNothingTwice) {
  TempHome home;
  {
    auto db = test::open_db(home);
    ASSERT_TRUE(Workspaces(db).create("work").ok());
  }
  auto db = test::open_db(home);
  EXPECT_EQ(db.schema_version(), current_schema_version());
  auto all = Workspaces(db).list();
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);  // default + work, the default not inserted twice
}

TEST(Database, RefusesDatabaseFromNewerVersion) {
  TempHome home;
  {
    auto db = test::open_db(home);
    test::sql(db, "PRAGMA user_version = " + std::to_string(current_schema_version() + 1));
  }
  auto db = Database::open(home.db());
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().kind, ErrorKind::kSchema);
  EXPECT_NE(db.error().message.find("newer conhub-mcp"), std::string::npos) << db.error().message;
}

TEST(Database, FailedTransactionRollsBack) {
  TempHome home;
  auto db = test::open_db(home);
  auto st = db.transaction([&]() -> Status {
    if (auto c = Workspaces(db).create("doomed"); !c) return c.error();
    return Error{ErrorKind::kInvalid, "stop"};
  });
  EXPECT_FALSE(st.ok());
  EXPECT_FALSE(Workspaces(db).get("doomed").ok());
}

TEST(Database, ForeignKeysAreEnforced) {
  TempHome home;
  auto db = test::open_db(home);
  auto st = db.exec("INSERT INTO connections (workspace_id, provider, name, auth_method, created_at, updated_at)"
                    " VALUES (999, 'github', 'x', 'api_key', 0, 0)");
  EXPECT_FALSE(st.ok());
}

TEST(DataDir, ResolvesConhubHomeThenXdgThenHome) {
  ::setenv("CONHUB_HOME", "/a/b", 1);
  EXPECT_EQ(*data_dir_from_env(), std::filesystem::path("/a/b"));
  ::unsetenv("CONHUB_HOME");
  ::setenv("XDG_DATA_HOME", "/x", 1);
  EXPECT_EQ(*data_dir_from_env(), std::filesystem::path("/x/conhub"));
  ::unsetenv("XDG_DATA_HOME");
  ::setenv("HOME", "/h", 1);
  EXPECT_EQ(*data_dir_from_env(), std::filesystem::path("/h/.local/share/conhub"));
}

TEST(DataDir, CreatesDirectoryWithMode0700) {
  TempHome home;
  const auto dir = home.path() / "nested" / "conhub";
  ASSERT_TRUE(ensure_private_dir(dir).ok());
  struct stat st {};
  ASSERT_EQ(::stat(dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
}

}  // namespace
}  // namespace conhub::store
