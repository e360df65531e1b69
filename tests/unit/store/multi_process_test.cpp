// Several processes on one database: concurrent writers lose nothing, and a writer killed
// with SIGKILL mid-write leaves a consistent, openable database with every secret readable.
#include <signal.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "conhub/store/audit_log.hpp"
#include "store_fixture.hpp"

namespace conhub::store {
namespace {

using test::TempHome;

constexpr int kPerProcess = 60;

int write_many(const TempHome& home, const std::string& tag, int count, int report_fd) {
  auto db = Database::open(home.db());
  if (!db) return 10;
  // Each process creates or loads the key itself: the first-use race is part of the test.
  auto ring = KeyRing::load(home.path(), true);
  if (!ring) return 11;
  Connections c(*db);
  AuditLog log(*db);
  for (int i = 0; count < 0 || i < count; ++i) {
    const auto name = tag + "-" + std::to_string(i);
    if (!c.put("default", "github", name, test::api_key("secret-" + name), *ring, false)) return 12;
    AuditEntry e;
    e.at_us = i + 1;
    e.workspace = "default";
    e.method = "tools/call";
    e.name = name;
    if (!log.append({e, e})) return 13;
    if (report_fd >= 0 && ::write(report_fd, "+", 1) != 1) return 14;
  }
  return 0;
}

void expect_consistent(const TempHome& home, std::size_t min_connections) {
  test::expect_intact(home, min_connections, [](const std::string& name) { return "secret-" + name; });
}

TEST(MultiProcess, TwoWritersLoseNothing) {
  TempHome home;
  (void)test::open_db(home);  // migrate first, so the children race on data, not schema
  std::vector<pid_t> children;
  for (const char* tag : {"a", "b"}) {
    const pid_t pid = ::fork();
    if (pid == 0) ::_exit(write_many(home, tag, kPerProcess, -1));
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status)) << status;
    EXPECT_EQ(WEXITSTATUS(status), 0);
  }
  expect_consistent(home, 2 * kPerProcess);
  auto db = test::open_db(home);
  EXPECT_EQ(Connections(db).list(std::nullopt)->size(), static_cast<std::size_t>(2 * kPerProcess));
  EXPECT_EQ(AuditLog(db).query({.limit = 10'000})->size(), static_cast<std::size_t>(4 * kPerProcess));
}

TEST(MultiProcess, WriterKilledMidWriteLeavesConsistentDatabase) {
  TempHome home;
  (void)test::open_db(home);
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    ::_exit(write_many(home, "k", -1, fds[1]));  // writes until killed
  }
  ::close(fds[1]);
  // Wait (on the pipe, not the clock) until 25 writes have committed, then kill it while
  // it is in the middle of the next ones.
  int seen = 0;
  char buf[64];
  while (seen < 25) {
    const ssize_t n = ::read(fds[0], buf, sizeof buf);
    ASSERT_GT(n, 0) << "the writer stopped early";
    seen += static_cast<int>(n);
  }
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(fds[0]);
  ASSERT_TRUE(WIFSIGNALED(status));
  expect_consistent(home, 25);
  // The database still takes writes after the crash.
  auto db = test::open_db(home);
  auto ring = test::load_ring(home, false);
  EXPECT_TRUE(Connections(db).put("default", "gitlab", "after", test::api_key("x"), ring, false).ok());
}

}  // namespace
}  // namespace conhub::store
