#include "conhub/store/key_ring.hpp"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>

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

// Regression (CI run of 2026-11-23): a process whose first read missed the key file while
// another created it gave up instead of reading the new file.
TEST(KeyRing, ProcessesRacingOnFirstUseAgreeOnOneKey) {
  TempHome home;
  constexpr int kProcesses = 8;
  int gate[2];
  int results[2];
  ASSERT_EQ(::pipe(gate), 0);
  ASSERT_EQ(::pipe(results), 0);
  std::vector<pid_t> children;
  for (int i = 0; i < kProcesses; ++i) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::close(gate[1]);
      char go;
      if (::read(gate[0], &go, 1) != 0) ::_exit(3);  // released together when the gate closes
      auto ring = KeyRing::load(home.path(), true);
      if (!ring) ::_exit(4);
      std::string id = ring->primary().id() + "\n";
      ::_exit(::write(results[1], id.data(), id.size()) == static_cast<ssize_t>(id.size()) ? 0 : 5);
    }
    children.push_back(pid);
  }
  ::close(gate[0]);
  ::close(gate[1]);  // release every child at once
  ::close(results[1]);
  for (pid_t pid : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
  }
  std::string all(4096, '\0');
  const ssize_t n = ::read(results[0], all.data(), all.size());
  ::close(results[0]);
  ASSERT_GT(n, 0);
  all.resize(static_cast<std::size_t>(n));
  std::set<std::string> ids;
  for (std::size_t start = 0, end; (end = all.find('\n', start)) != std::string::npos; start = end + 1)
    ids.insert(all.substr(start, end - start));
  EXPECT_EQ(ids.size(), 1u) << all;
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
