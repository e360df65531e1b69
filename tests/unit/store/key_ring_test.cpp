#include "conhub/store/key_ring.hpp"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace conhub::store {
namespace {

using test::TempHome;

TEST(KeyRing, CreatesKeyFileWithMode0600OnFirstUse) {
  TempHome home;
  auto ring = KeyRing::load(home.path(), /*create_if_missing=*/true);
  ASSERT_TRUE(ring.ok()) << ring.error().message;
  struct stat st {};
  ASSERT_EQ(::stat(key_file_path(home.path()).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto again = KeyRing::load(home.path(), false);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->primary().id(), ring->primary().id());
}

TEST(KeyRing, MissingKeyFileIsAClearError) {
  TempHome home;
  auto ring = KeyRing::load(home.path(), /*create_if_missing=*/false);
  ASSERT_FALSE(ring.ok());
  EXPECT_EQ(ring.error().kind, ErrorKind::kKey);
  EXPECT_NE(ring.error().message.find("master.key"), std::string::npos);
  EXPECT_NE(ring.error().message.find("CONHUB_MASTER_KEY"), std::string::npos);
}

TEST(KeyRing, RefusesKeyFileReadableByOthers) {
  TempHome home;
  ASSERT_TRUE(KeyRing::load(home.path(), true).ok());
  ASSERT_EQ(::chmod(key_file_path(home.path()).c_str(), 0644), 0);
  auto ring = KeyRing::load(home.path(), true);
  ASSERT_FALSE(ring.ok());
  EXPECT_NE(ring.error().message.find("chmod 600"), std::string::npos) << ring.error().message;
  ASSERT_EQ(::chmod(key_file_path(home.path()).c_str(), 0640), 0);
  EXPECT_FALSE(KeyRing::load(home.path(), true).ok());
}

TEST(KeyRing, ReadsBase64KeyFromEnvironment) {
  TempHome home;
  auto key = MasterKey::generate();
  auto text = key.to_base64();
  ::setenv("CONHUB_MASTER_KEY", text.c_str(), 1);
  auto ring = KeyRing::load(home.path(), true);
  ASSERT_TRUE(ring.ok()) << ring.error().message;
  EXPECT_EQ(ring->source(), KeyRing::Source::kEnvironment);
  EXPECT_EQ(ring->primary().id(), key.id());
  EXPECT_FALSE(std::filesystem::exists(key_file_path(home.path())));  // the env key is never copied to disk
}

TEST(KeyRing, RejectsEnvironmentKeyOfWrongLength) {
  TempHome home;
  ::setenv("CONHUB_MASTER_KEY", "c2hvcnQ=", 1);
  auto ring = KeyRing::load(home.path(), true);
  ASSERT_FALSE(ring.ok());
  EXPECT_NE(ring.error().message.find("CONHUB_MASTER_KEY"), std::string::npos);
}

TEST(MasterKey, IdIsStableAndDoesNotRevealKey) {
  auto key = MasterKey::generate();
  auto copy = MasterKey::from_base64(key.to_base64(), "test");
  ASSERT_TRUE(copy.ok());
  EXPECT_EQ(copy->id(), key.id());
  EXPECT_EQ(key.id().rfind("k-", 0), 0u);
  EXPECT_EQ(key.id().size(), 18u);
  EXPECT_NE(MasterKey::generate().id(), key.id());
}

}  // namespace
}  // namespace conhub::store
