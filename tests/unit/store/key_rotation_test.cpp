#include "conhub/store/key_rotation.hpp"

#include <signal.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "conhub/store/vault.hpp"
#include "store_fixture.hpp"

namespace conhub::store {
namespace {

using test::TempHome;

constexpr int kSecrets = 6;

void fill(Database& db, KeyRing& ring) {
  ASSERT_TRUE(Workspaces(db).create("work").ok());
  Connections c(db);
  for (int i = 0; i < kSecrets; ++i) {
    auto put = c.put(i % 2 ? "work" : "default", "github", "c" + std::to_string(i), test::api_key("secret-" + std::to_string(i)), ring, false);
    ASSERT_TRUE(put.ok()) << put.error().message;
  }
}

// Every secret opens with a freshly loaded ring (what a new process would see).
void expect_all_readable(const TempHome& home) {
  test::expect_intact(home, kSecrets, [](const std::string& name) { return "secret-" + name.substr(1); });
  auto db = test::open_db(home);
  EXPECT_EQ(Connections(db).list(std::nullopt)->size(), static_cast<std::size_t>(kSecrets));
}

TEST(KeyRotation, ReencryptsEverySecretUnderANewKey) {
  TempHome home;
  auto db = test::open_db(home);
  auto ring = test::load_ring(home);
  fill(db, ring);
  const auto old_id = ring.primary().id();
  auto report = rotate_master_key(db, ring);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->old_key_id, old_id);
  EXPECT_NE(report->new_key_id, old_id);
  EXPECT_EQ(report->secrets, kSecrets);
  EXPECT_FALSE(std::filesystem::exists(staged_key_file_path(home.path())));
  auto fresh = test::load_ring(home, false);
  EXPECT_EQ(fresh.primary().id(), report->new_key_id);
  EXPECT_EQ(fresh.loaded_ids().size(), 1u);  // the old key is gone
  auto all = Connections(db).list(std::nullopt);
  for (const auto& c : *all) EXPECT_EQ(c.key_id, report->new_key_id);
  expect_all_readable(home);
}

TEST(KeyRotation, NewSecretsAfterRotationUseTheNewKey) {
  TempHome home;
  auto db = test::open_db(home);
  auto stale_ring = test::load_ring(home);  // loaded before the rotation, like a long-running process
  fill(db, stale_ring);
  {
    auto ring = test::load_ring(home, false);
    ASSERT_TRUE(rotate_master_key(db, ring).ok());
  }
  auto put = Connections(db).put("default", "gitlab", "late", test::api_key("late-secret"), stale_ring, false);
  ASSERT_TRUE(put.ok()) << put.error().message;
  EXPECT_EQ(put->key_id, test::load_ring(home, false).primary().id());
}

TEST(KeyRotation, UnreadableSecretAbortsWithNothingChanged) {
  TempHome home;
  auto db = test::open_db(home);
  auto ring = test::load_ring(home);
  fill(db, ring);
  test::sql(db, "UPDATE connections SET secret = x'00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00112233445566' WHERE name = 'c3'");
  const auto old_id = ring.primary().id();
  auto report = rotate_master_key(db, ring);
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.error().message.find("github/c3"), std::string::npos) << report.error().message;
  EXPECT_EQ(test::load_ring(home, false).primary().id(), old_id);
  EXPECT_FALSE(std::filesystem::exists(staged_key_file_path(home.path())));
  auto all = Connections(db).list(std::nullopt);
  ASSERT_TRUE(all.ok());
  for (const auto& c : *all) EXPECT_EQ(c.key_id, old_id);
}

TEST(KeyRotation, EnvironmentKeyNeedsNewKeyFromCaller) {
  TempHome home;
  auto key = MasterKey::generate();
  ::setenv("CONHUB_MASTER_KEY", key.to_base64().c_str(), 1);
  auto db = test::open_db(home);
  auto ring = test::load_ring(home);
  fill(db, ring);
  EXPECT_FALSE(rotate_master_key(db, ring).ok());
  auto next = MasterKey::generate();
  const auto next_text = next.to_base64();
  auto report = rotate_master_key(db, ring, {.new_key = std::move(next)});
  ASSERT_TRUE(report.ok()) << report.error().message;
  ::setenv("CONHUB_MASTER_KEY", next_text.c_str(), 1);
  expect_all_readable(home);
}

// A process that dies at each point of a rotation (SIGKILL, so nothing is cleaned up)
// leaves a database that opens, passes integrity_check and opens every secret; the next
// rotation finishes the job.
class KeyRotationCrash : public testing::TestWithParam<RotationStage> {};

}  // namespace
void PrintTo(RotationStage stage, std::ostream* out) { *out << "stage " << static_cast<int>(stage); }
namespace {

TEST_P(KeyRotationCrash, KilledRotationLeavesEverySecretReadable) {
  TempHome home;
  {
    auto db = test::open_db(home);
    auto ring = test::load_ring(home);
    fill(db, ring);
  }
  const auto stop_at = GetParam();
  const int status = test::run_in_child([&] {
    auto db = Database::open(home.db());
    auto ring = KeyRing::load(home.path(), false);
    if (!db || !ring) return 3;
    auto r = rotate_master_key(*db, *ring, {.on_stage = [&](RotationStage s) {
                                              if (s == stop_at) ::kill(::getpid(), SIGKILL);
                                            }});
    return r.ok() ? 0 : 4;
  });
  ASSERT_TRUE(WIFSIGNALED(status)) << "the child was meant to die at the stage, status " << status;
  expect_all_readable(home);

  auto db = test::open_db(home);
  auto ring = test::load_ring(home, false);
  auto report = rotate_master_key(db, ring);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->resumed);
  EXPECT_FALSE(std::filesystem::exists(staged_key_file_path(home.path())));
  EXPECT_EQ(test::load_ring(home, false).loaded_ids().size(), 1u);
  expect_all_readable(home);
}

INSTANTIATE_TEST_SUITE_P(Stages, KeyRotationCrash,
                         testing::Values(RotationStage::kKeyStaged, RotationStage::kHalfReencrypted, RotationStage::kCommitted),
                         [](const testing::TestParamInfo<RotationStage>& info) {
                           switch (info.param) {
                             case RotationStage::kKeyStaged: return std::string("AfterKeyStaged");
                             case RotationStage::kHalfReencrypted: return std::string("MidTransaction");
                             case RotationStage::kCommitted: return std::string("AfterCommitBeforeKeyInstalled");
                             default: return std::string("Installed");
                           }
                         });

}  // namespace
}  // namespace conhub::store
