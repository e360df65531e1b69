#include "conhub/store/vault.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "store_fixture.hpp"

namespace conhub::store {
namespace {

using test::TempHome;

struct VaultFixture {
  TempHome home;
  Database db = test::open_db(home);
  KeyRing ring = test::load_ring(home);
  Connections connections{db};

  ConnectionInfo put(const std::string& ws, const std::string& provider, const std::string& name, const std::string& secret) {
    auto c = connections.put(ws, provider, name, test::api_key(secret), ring, false);
    EXPECT_TRUE(c.ok()) << c.error().message;
    return *c;
  }
  std::string api_key_of(const ConnectionInfo& c) {
    auto s = connections.secret(c, ring);
    EXPECT_TRUE(s.ok()) << s.error().message;
    return s.ok() ? nlohmann::json::parse(s->reveal()).value("api_key", "") : "";
  }
};

TEST(Vault, RoundTripsSecrets) {
  VaultFixture f;
  ASSERT_TRUE(Workspaces(f.db).create("work").ok());
  auto a = f.put("default", "github", "personal", "ghp_first");
  auto b = f.put("work", "github", "personal", "ghp_second");
  auto c = f.put("default", "github", "work", "ghp_third");
  EXPECT_EQ(f.api_key_of(a), "ghp_first");
  EXPECT_EQ(f.api_key_of(b), "ghp_second");
  EXPECT_EQ(f.api_key_of(c), "ghp_third");
  EXPECT_EQ(a.key_id, f.ring.primary().id());
}

TEST(Vault, SameSecretSealsDifferentlyEachTime) {
  VaultFixture f;
  const SealContext where{1, "github", 7, "github/x in workspace default"};
  auto secret = test::api_key("same");
  EXPECT_NE(seal_secret(f.ring.primary(), where, secret).blob, seal_secret(f.ring.primary(), where, secret).blob);
}

TEST(Vault, WrongKeyFailsNamingTheConnection) {
  VaultFixture f;
  auto c = f.put("default", "github", "work", "ghp_secret");
  ASSERT_TRUE(write_key_file(key_file_path(f.home.path()), MasterKey::generate(), /*exclusive=*/false).ok());
  auto other = test::load_ring(f.home, false);
  auto s = f.connections.secret(c, other);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kKey);
  EXPECT_NE(s.error().message.find("github/work in workspace default"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find(c.key_id), std::string::npos);
}

TEST(Vault, TamperedCiphertextFails) {
  VaultFixture f;
  auto c = f.put("default", "github", "work", "ghp_secret");
  // Flip one bit of the ciphertext (past the 24-byte nonce).
  std::vector<unsigned char> blob;
  {
    auto read = f.db.prepare("SELECT secret FROM connections WHERE id = ?1");
    ASSERT_TRUE(read.ok());
    read->bind(1, c.id);
    ASSERT_TRUE(*read->step());
    blob = read->column_blob(0);
  }
  ASSERT_GT(blob.size(), 31u);
  blob[30] ^= 1;
  auto write = f.db.prepare("UPDATE connections SET secret = ?1 WHERE id = ?2");
  ASSERT_TRUE(write.ok());
  write->bind_blob(1, blob).bind(2, c.id);
  ASSERT_TRUE(write->run().ok());
  auto s = f.connections.secret(c, f.ring);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kCrypto);
  EXPECT_NE(s.error().message.find("github/work"), std::string::npos);
}

TEST(Vault, TruncatedRowFailsCleanly) {
  VaultFixture f;
  auto c = f.put("default", "github", "work", "ghp_secret");
  test::sql(f.db, "UPDATE connections SET secret = x'0102' WHERE id = " + std::to_string(c.id));
  auto s = f.connections.secret(c, f.ring);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kCrypto);
}

TEST(Vault, CiphertextCopiedToAnotherConnectionFails) {
  VaultFixture f;
  auto a = f.put("default", "github", "a", "ghp_a");
  auto b = f.put("default", "github", "b", "ghp_b");
  test::sql(f.db, "UPDATE connections SET secret = (SELECT secret FROM connections WHERE id = " + std::to_string(a.id) +
                      ") WHERE id = " + std::to_string(b.id));
  EXPECT_FALSE(f.connections.secret(b, f.ring).ok());
  EXPECT_EQ(f.api_key_of(a), "ghp_a");
}

TEST(Vault, CiphertextCopiedToAnotherWorkspaceFails) {
  VaultFixture f;
  ASSERT_TRUE(Workspaces(f.db).create("work").ok());
  auto a = f.put("default", "github", "same", "ghp_a");
  auto b = f.put("work", "github", "same", "ghp_b");
  test::sql(f.db, "UPDATE connections SET secret = (SELECT secret FROM connections WHERE id = " + std::to_string(a.id) +
                      ") WHERE id = " + std::to_string(b.id));
  EXPECT_FALSE(f.connections.secret(b, f.ring).ok());
}

TEST(Vault, CiphertextMovedToAnotherProviderFails) {
  VaultFixture f;
  auto a = f.put("default", "github", "x", "ghp_a");
  test::sql(f.db, "UPDATE connections SET provider = 'gitlab' WHERE id = " + std::to_string(a.id));
  auto moved = f.connections.get("default", "gitlab", "x");
  ASSERT_TRUE(moved.ok());
  EXPECT_FALSE(f.connections.secret(*moved, f.ring).ok());
}

TEST(Vault, RelabelledKeyIdFails) {
  VaultFixture f;
  auto a = f.put("default", "github", "x", "ghp_a");
  test::sql(f.db, "UPDATE connections SET key_id = 'k-0000000000000000' WHERE id = " + std::to_string(a.id));
  EXPECT_FALSE(f.connections.secret(a, f.ring).ok());
}

TEST(Connections, SeveralOfOneProviderUnderDifferentNames) {
  VaultFixture f;
  f.put("default", "github", "work", "1");
  f.put("default", "github", "personal", "2");
  auto dup = f.connections.put("default", "github", "work", test::api_key("3"), f.ring, false);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().kind, ErrorKind::kConflict);
  auto replaced = f.connections.put("default", "github", "work", test::api_key("4"), f.ring, true);
  ASSERT_TRUE(replaced.ok());
  EXPECT_EQ(f.api_key_of(*replaced), "4");
  auto all = f.connections.list(std::nullopt);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
  ASSERT_TRUE(f.connections.remove("default", "github", "work").ok());
  EXPECT_EQ(f.connections.remove("default", "github", "work").error().kind, ErrorKind::kNotFound);
}

TEST(Connections, RecordsStatusAndLastError) {
  VaultFixture f;
  auto c = f.put("default", "github", "work", "1");
  ASSERT_TRUE(f.connections.record_status(c.id, "error", std::string("401 from api.github.com"), false).ok());
  auto got = f.connections.get("default", "github", "work");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->status, "error");
  EXPECT_EQ(got->last_error.value_or(""), "401 from api.github.com");
  EXPECT_FALSE(got->last_sync_at.has_value());
}

TEST(Workspaces, DeleteRefusesDefaultAndNonEmptyUnlessForced) {
  VaultFixture f;
  Workspaces ws(f.db);
  EXPECT_FALSE(ws.remove("default", true).ok());
  ASSERT_TRUE(ws.create("work").ok());
  EXPECT_EQ(ws.create("work").error().kind, ErrorKind::kConflict);
  EXPECT_FALSE(ws.create("bad name").ok());
  f.put("work", "github", "x", "1");
  EXPECT_EQ(ws.remove("work", false).error().kind, ErrorKind::kConflict);
  ASSERT_TRUE(ws.remove("work", true).ok());
  EXPECT_FALSE(ws.get("work").ok());
}


// Issue 5: connections without a credential (files) keep their settings in config.
TEST(Connections, StoreConfigWithoutASecretAndUpdateItOnReplace) {
  VaultFixture f;
  auto files = f.connections.put_without_secret("default", "files", "notes", R"({"roots":["/a"]})", false);
  ASSERT_TRUE(files.ok()) << files.error().message;
  EXPECT_EQ(files->auth_method, "none");
  EXPECT_EQ(files->config, R"({"roots":["/a"]})");
  auto dup = f.connections.put_without_secret("default", "files", "notes", "{}", false);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().kind, ErrorKind::kConflict);
  auto replaced = f.connections.put_without_secret("default", "files", "notes", R"({"roots":["/b"]})", true);
  ASSERT_TRUE(replaced.ok());
  EXPECT_EQ(replaced->config, R"({"roots":["/b"]})");
  auto sealed = f.connections.count_sealed();
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(*sealed, 0);
  auto gh = f.put("default", "github", "work", "1");
  EXPECT_EQ(gh.config, "{}");
  ASSERT_TRUE(f.connections.set_config(gh.id, R"({"base_url":"http://127.0.0.1:1"})").ok());
  auto again = f.connections.get("default", "github", "work");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->config, R"({"base_url":"http://127.0.0.1:1"})");
  EXPECT_EQ(f.api_key_of(*again), "1");
}

}  // namespace
}  // namespace conhub::store
