// files_io: how the files connector touches the disk on its hot paths. A path is opened
// first and its confinement checked on the descriptor's real path afterwards
// (/proc/self/fd), so the file that is read is the file that was checked, with no window
// for a swapped symlink, and a read costs one open, one readlink, one fstat and the reads
// instead of a stat per path component. Directory listings come from readdir's d_type and
// stat an entry only when its size is asked for.
// Thread-safety: OpenFile is a move-only owner of one descriptor; use it from one thread.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <sys/stat.h>
#include <vector>

namespace conhub::connectors {

class OpenFile {
 public:
  OpenFile(int fd, std::filesystem::path real_path, const struct stat& info);
  ~OpenFile();
  OpenFile(OpenFile&& other) noexcept;
  OpenFile& operator=(OpenFile&&) = delete;
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;

  const std::filesystem::path& path() const { return path_; }  // canonical
  bool is_regular() const { return S_ISREG(info_.st_mode); }
  bool is_directory() const { return S_ISDIR(info_.st_mode); }
  const struct stat& info() const { return info_; }

  /// Reads at most `limit` bytes from the start into `out`; `truncated` says whether there
  /// was more. Sized by fstat, so a small file costs a small buffer. False on a read error.
  bool read_prefix(std::size_t limit, std::string& out, bool& truncated) const;

  struct Entry {
    std::string name;
    std::filesystem::file_type type = std::filesystem::file_type::unknown;  // of the entry itself (links not followed)
    long long size = -1;  // regular files, when sizes were asked for
  };
  /// A directory's entries (no "." and ".."), unsorted; stops after `max` (`truncated`).
  /// False when this is not a directory or it cannot be read.
  bool list(std::size_t max, bool sizes, std::vector<Entry>& out, bool& truncated) const;

 private:
  int fd_ = -1;
  std::filesystem::path path_;
  struct stat info_ {};
};

/// The descriptor's real path (Linux /proc/self/fd); empty when /proc is not there.
std::filesystem::path real_path_of(int fd);

}  // namespace conhub::connectors
