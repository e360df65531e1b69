#include "files_io.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <string_view>

namespace conhub::connectors {

namespace fs = std::filesystem;

OpenFile::OpenFile(int fd, fs::path real_path, const struct stat& info) : fd_(fd), path_(std::move(real_path)), info_(info) {}

OpenFile::~OpenFile() {
  if (fd_ >= 0) ::close(fd_);
}

OpenFile::OpenFile(OpenFile&& other) noexcept : fd_(other.fd_), path_(std::move(other.path_)), info_(other.info_) {
  other.fd_ = -1;
}

bool OpenFile::read_prefix(std::size_t limit, std::string& out, bool& truncated) const {
  // One byte past the limit tells whether there is more; the file may also have grown
  // since fstat, so keep reading until EOF or past the limit.
  const std::size_t expected = info_.st_size > 0 ? static_cast<std::size_t>(info_.st_size) : 0;
  out.resize(std::min(expected, limit) + 1);
  std::size_t got = 0;
  while (got <= limit) {
    if (got == out.size()) out.resize(std::min(out.size() * 2, limit + 1));
    const ssize_t n = ::pread(fd_, out.data() + got, out.size() - got, static_cast<off_t>(got));
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  truncated = got > limit;
  out.resize(std::min(got, limit));
  return true;
}

namespace {

fs::file_type type_of(mode_t mode) {
  if (S_ISREG(mode)) return fs::file_type::regular;
  if (S_ISDIR(mode)) return fs::file_type::directory;
  if (S_ISLNK(mode)) return fs::file_type::symlink;
  return fs::file_type::unknown;
}

fs::file_type type_of_dirent(unsigned char d_type) {
  switch (d_type) {
    case DT_REG: return fs::file_type::regular;
    case DT_DIR: return fs::file_type::directory;
    case DT_LNK: return fs::file_type::symlink;
    case DT_UNKNOWN: return fs::file_type::none;  // the file system did not say: stat it
    default: return fs::file_type::unknown;
  }
}

}  // namespace

bool OpenFile::list(std::size_t max, bool sizes, std::vector<Entry>& out, bool& truncated) const {
  truncated = false;
  if (!is_directory()) return false;
  const int dup_fd = ::fcntl(fd_, F_DUPFD_CLOEXEC, 0);  // closedir closes it, ours stays open
  if (dup_fd < 0) return false;
  DIR* dir = ::fdopendir(dup_fd);
  if (dir == nullptr) {
    ::close(dup_fd);
    return false;
  }
  ::rewinddir(dir);
  const int dir_fd = ::dirfd(dir);
  while (const dirent* d = ::readdir(dir)) {
    const std::string_view name = d->d_name;
    if (name == "." || name == "..") continue;
    if (out.size() >= max) {
      truncated = true;
      break;
    }
    Entry entry{.name = std::string(name), .type = type_of_dirent(d->d_type)};
    const bool need_stat = entry.type == fs::file_type::none || (sizes && entry.type == fs::file_type::regular);
    if (need_stat) {
      struct stat st {};
      if (::fstatat(dir_fd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
        entry.type = type_of(st.st_mode);
        if (sizes && S_ISREG(st.st_mode)) entry.size = static_cast<long long>(st.st_size);
      } else if (entry.type == fs::file_type::none) {
        entry.type = fs::file_type::unknown;
      }
    }
    out.push_back(std::move(entry));
  }
  ::closedir(dir);
  return true;
}

fs::path real_path_of(int fd) {
  char buf[4096];
  const std::string link = "/proc/self/fd/" + std::to_string(fd);
  const ssize_t n = ::readlink(link.c_str(), buf, sizeof buf);
  if (n <= 0 || static_cast<std::size_t>(n) >= sizeof buf) return {};
  return fs::path(std::string(buf, static_cast<std::size_t>(n)));
}

}  // namespace conhub::connectors
