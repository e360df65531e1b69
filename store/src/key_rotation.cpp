#include "conhub/store/key_rotation.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "conhub/store/vault.hpp"
#include "meta.hpp"

namespace conhub::store {

namespace {

class FileLock {
 public:
  explicit FileLock(const std::filesystem::path& path) : fd_(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
    if (fd_ >= 0 && ::flock(fd_, LOCK_EX) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~FileLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the lock
  }
  bool held() const { return fd_ >= 0; }

 private:
  int fd_;
};

struct Row {
  std::int64_t id;
  std::int64_t workspace_id;
  std::string provider;
  std::string label;
  Sealed sealed;
};

void stage(const RotationOptions& options, RotationStage s) {
  if (options.on_stage) options.on_stage(s);
}

Status install_staged_key(const std::filesystem::path& dir) {
  if (::rename(staged_key_file_path(dir).c_str(), key_file_path(dir).c_str()) != 0)
    return Error{ErrorKind::kIo, fmt::format("cannot install the new master key as {}: {}", key_file_path(dir).string(), std::strerror(errno))};
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  return ok_status();
}

// A staged key left by an interrupted rotation: install it if the database already
// committed to it, otherwise it was never used and is discarded.
Result<bool> finish_interrupted(Database& db, KeyRing& ring) {
  const auto dir = ring.data_dir();
  if (ring.source() != KeyRing::Source::kKeyFile || !std::filesystem::exists(staged_key_file_path(dir))) return false;
  auto staged = read_key_file(staged_key_file_path(dir));
  if (!staged) return staged.error();
  auto current = detail::read_meta(db, detail::kCurrentKeyId);
  if (!current) return current.error();
  if (*current && **current == staged->id()) {
    if (auto st = install_staged_key(dir); !st) return st.error();
  } else {
    std::filesystem::remove(staged_key_file_path(dir));
  }
  return true;
}

}  // namespace

Result<RotationReport> rotate_master_key(Database& db, KeyRing& ring, RotationOptions options) {
  const auto dir = ring.data_dir();
  const bool from_env = ring.source() == KeyRing::Source::kEnvironment;
  if (from_env && !options.new_key)
    return Error{ErrorKind::kKey, "the master key comes from CONHUB_MASTER_KEY: give the new key with --new-key-env VAR"};
  FileLock lock(dir / "master.key.lock");
  if (!lock.held()) return Error{ErrorKind::kIo, fmt::format("cannot lock {}: {}", (dir / "master.key.lock").string(), std::strerror(errno))};

  RotationReport report;
  auto resumed = finish_interrupted(db, ring);
  if (!resumed) return resumed.error();
  report.resumed = *resumed;

  MasterKey fresh = options.new_key ? std::move(*options.new_key) : MasterKey::generate();
  report.new_key_id = fresh.id();
  if (!from_env) {
    if (auto st = write_key_file(staged_key_file_path(dir), fresh, /*exclusive=*/false); !st) return st.error();
  }
  stage(options, RotationStage::kKeyStaged);

  // FULL: the commit is on disk before master.key is replaced (WAL + NORMAL could lose
  // the last commit on power loss, which would leave rows under a key we just deleted).
  if (auto st = db.exec("PRAGMA synchronous = FULL"); !st) return st.error();
  auto done = db.transaction([&]() -> Status {
    auto current = detail::read_meta(db, detail::kCurrentKeyId);
    if (!current) return current.error();
    report.old_key_id = current->value_or("");
    auto s = db.prepare(
        "SELECT c.id, c.workspace_id, c.provider, c.name, w.name, c.secret, COALESCE(c.key_id, '')"
        " FROM connections c JOIN workspaces w ON w.id = c.workspace_id WHERE c.secret IS NOT NULL ORDER BY c.id");
    if (!s) return s.error();
    std::vector<Row> rows;
    for (;;) {
      auto row = s->step();
      if (!row) return row.error();
      if (!*row) break;
      rows.push_back(Row{s->column_int(0), s->column_int(1), s->column_text(2),
                         fmt::format("{}/{} in workspace {}", s->column_text(2), s->column_text(3), s->column_text(4)),
                         Sealed{s->column_blob(5), s->column_text(6)}});
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const auto& r = rows[i];
      const SealContext where{r.workspace_id, r.provider, r.id, r.label};
      // A secret that does not open stops the rotation with nothing changed: re-sealing
      // around it would hide the problem until the old key is gone.
      auto plain = open_secret(ring, where, r.sealed);
      if (!plain) return Error{plain.error().kind, "rotation aborted, nothing changed: " + plain.error().message};
      const auto sealed = seal_secret(fresh, where, *plain);
      auto u = db.prepare("UPDATE connections SET secret = ?1, key_id = ?2 WHERE id = ?3");
      if (!u) return u.error();
      u->bind_blob(1, sealed.blob).bind(2, sealed.key_id).bind(3, r.id);
      if (auto st = u->run(); !st) return st;
      if (i + 1 == (rows.size() + 1) / 2) stage(options, RotationStage::kHalfReencrypted);
    }
    report.secrets = static_cast<int>(rows.size());
    return detail::write_meta(db, detail::kCurrentKeyId, fresh.id());
  });
  (void)db.exec("PRAGMA synchronous = NORMAL");
  if (!done) {
    if (!from_env) std::filesystem::remove(staged_key_file_path(dir));
    return done.error();
  }
  stage(options, RotationStage::kCommitted);
  if (!from_env) {
    if (auto st = install_staged_key(dir); !st) return st.error();
  }
  ring.add(std::move(fresh));
  stage(options, RotationStage::kKeyInstalled);
  return report;
}

}  // namespace conhub::store
