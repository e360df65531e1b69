#include "conhub/store/key_ring.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "conhub/store/secret.hpp"

namespace conhub::store {

namespace {

Error io_error(const std::string& what, const std::filesystem::path& path) {
  return Error{ErrorKind::kIo, fmt::format("{} {}: {}", what, path.string(), std::strerror(errno))};
}

Status fsync_dir(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return io_error("cannot open directory", dir);
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return io_error("cannot sync directory", dir);
  return ok_status();
}

}  // namespace

Result<MasterKey> read_key_file(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT) return Error{ErrorKind::kKey, fmt::format("master key file {} does not exist", path.string())};
    return io_error("cannot open master key file", path);
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return io_error("cannot stat master key file", path);
  }
  if ((st.st_mode & 077) != 0) {
    ::close(fd);
    return Error{ErrorKind::kKey, fmt::format("refusing master key file {}: it is accessible by group or others (mode {:o}); "
                                              "run `chmod 600 {}` if it was not exposed, otherwise rotate the key",
                                              path.string(), st.st_mode & 0777, path.string())};
  }
  if (st.st_uid != ::geteuid()) {
    ::close(fd);
    return Error{ErrorKind::kKey, fmt::format("refusing master key file {}: it belongs to another user (uid {})", path.string(), st.st_uid)};
  }
  std::string text(256, '\0');
  const ssize_t n = ::read(fd, text.data(), text.size());
  ::close(fd);
  if (n < 0) return io_error("cannot read master key file", path);
  text.resize(static_cast<std::size_t>(n));
  auto key = MasterKey::from_base64(text, path.string());
  wipe_string(text);
  return key;
}

Status write_key_file(const std::filesystem::path& path, const MasterKey& key, bool exclusive) {
  const auto tmp = path.string() + fmt::format(".tmp.{}", ::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return io_error("cannot create", tmp);
  std::string text = key.to_base64() + "\n";
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  wipe_string(text);
  ::close(fd);
  if (!written) {
    auto err = io_error("cannot write", tmp);
    ::unlink(tmp.c_str());
    return err;
  }
  // link() fails if the target exists, so two processes creating the first key agree on one.
  if (exclusive) {
    const int rc = ::link(tmp.c_str(), path.c_str());
    const int saved = errno;
    ::unlink(tmp.c_str());
    if (rc != 0) {
      if (saved == EEXIST) return Error{ErrorKind::kConflict, path.string() + " already exists"};
      errno = saved;
      return io_error("cannot create", path);
    }
  } else if (::rename(tmp.c_str(), path.c_str()) != 0) {
    auto err = io_error("cannot install", path);
    ::unlink(tmp.c_str());
    return err;
  }
  return fsync_dir(path.parent_path());
}

Result<KeyRing> KeyRing::load(const std::filesystem::path& data_dir, bool create_if_missing) {
  ensure_sodium();
  KeyRing ring;
  ring.data_dir_ = data_dir;
  const char* env = std::getenv("CONHUB_MASTER_KEY");
  if (env != nullptr && *env != '\0') {
    ring.source_ = Source::kEnvironment;
    auto key = MasterKey::from_base64(env, "CONHUB_MASTER_KEY");
    if (!key) return key.error();
    ring.keys_.push_back(std::move(*key));
    return ring;
  }
  const auto path = key_file_path(data_dir);
  auto key = read_key_file(path);
  if (!key && create_if_missing) {
    if (!std::filesystem::exists(path)) {
      auto fresh = MasterKey::generate();
      auto written = write_key_file(path, fresh, /*exclusive=*/true);
      if (!written && written.error().kind != ErrorKind::kConflict) return written.error();
    }
    // Read again in every case: the key is ours, or one a concurrent process created
    // between our first read and the exists() check (it appears whole, through link()).
    key = read_key_file(path);
  }
  if (!key) {
    if (!std::filesystem::exists(path))
      return Error{ErrorKind::kKey, fmt::format("no master key: {} does not exist and CONHUB_MASTER_KEY is not set. "
                                                "Restore the key file from your backup, or set CONHUB_MASTER_KEY.", path.string())};
    return key.error();
  }
  ring.keys_.push_back(std::move(*key));
  if (auto st = ring.reload(); !st) return st.error();
  return ring;
}

Status KeyRing::reload() {
  if (source_ == Source::kEnvironment) return ok_status();
  for (const auto& path : {key_file_path(data_dir_), staged_key_file_path(data_dir_)}) {
    if (!std::filesystem::exists(path)) continue;
    auto key = read_key_file(path);
    if (!key) return key.error();
    bool known = false;
    for (const auto& k : keys_) known = known || k.id() == key->id();
    if (!known) keys_.push_back(std::move(*key));
  }
  return ok_status();
}

const MasterKey* KeyRing::find(const std::string& key_id) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    for (const auto& k : keys_)
      if (k.id() == key_id) return &k;
    if (attempt == 0 && !reload()) return nullptr;
  }
  return nullptr;
}

std::string KeyRing::origin() const {
  return source_ == Source::kEnvironment ? std::string("CONHUB_MASTER_KEY") : key_file_path(data_dir_).string();
}

std::vector<std::string> KeyRing::loaded_ids() const {
  std::vector<std::string> ids;
  for (const auto& k : keys_) ids.push_back(k.id());
  return ids;
}

}  // namespace conhub::store
