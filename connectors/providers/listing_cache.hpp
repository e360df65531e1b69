// ListingCache: sorted directory listings of one files connection, reused while the
// directory is unchanged. An agent lists the same directories again and again, and on a
// large directory readdir (the file system rebuilds its hash order each time) and the sort
// are most of a listing's cost. A listing is keyed by the directory's device and inode and
// valid while its mtime, ctime and size are the same. File systems stamp times from a
// coarse clock, so two changes a few milliseconds apart can leave the same mtime: like git's
// "racy" rule, a directory changed less than a second before it was listed is not cached.
// Thread-safety: all methods may be called from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <sys/stat.h>
#include <utility>
#include <vector>

#include "files_io.hpp"

namespace conhub::connectors {

class ListingCache {
 public:
  static constexpr std::size_t kMaxDirectories = 256;
  static constexpr std::size_t kMaxEntries = 5'000;  // larger listings are truncated anyway

  /// The cached entries of the directory `info` describes, if they are still valid.
  std::optional<std::vector<OpenFile::Entry>> find(const struct stat& info) const;
  /// Keeps `entries` (sorted, complete, without sizes) unless the directory changed recently.
  void store(const struct stat& info, const std::vector<OpenFile::Entry>& entries);

 private:
  struct Stamp {
    std::int64_t mtime_ns = 0;
    std::int64_t ctime_ns = 0;
    std::int64_t size = 0;
    bool operator==(const Stamp&) const = default;
  };
  struct Listing {
    Stamp stamp;
    std::vector<OpenFile::Entry> entries;
  };
  static Stamp stamp_of(const struct stat& info);

  mutable std::mutex mutex_;
  std::map<std::pair<std::uint64_t, std::uint64_t>, Listing> listings_;  // (dev, ino); guarded by mutex_
};

}  // namespace conhub::connectors
