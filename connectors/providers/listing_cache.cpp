#include "listing_cache.hpp"

#include <chrono>

namespace conhub::connectors {

namespace {

std::pair<std::uint64_t, std::uint64_t> key_of(const struct stat& info) {
  return {static_cast<std::uint64_t>(info.st_dev), static_cast<std::uint64_t>(info.st_ino)};
}

std::int64_t ns(const struct timespec& t) { return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec; }

}  // namespace

ListingCache::Stamp ListingCache::stamp_of(const struct stat& info) {
  return {.mtime_ns = ns(info.st_mtim), .ctime_ns = ns(info.st_ctim), .size = static_cast<std::int64_t>(info.st_size)};
}

std::optional<std::vector<OpenFile::Entry>> ListingCache::find(const struct stat& info) const {
  std::lock_guard lock(mutex_);
  auto it = listings_.find(key_of(info));
  if (it == listings_.end() || !(it->second.stamp == stamp_of(info))) return std::nullopt;
  return it->second.entries;
}

void ListingCache::store(const struct stat& info, const std::vector<OpenFile::Entry>& entries) {
  if (entries.size() > kMaxEntries) return;
  const Stamp stamp = stamp_of(info);
  const auto now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count();
  if (now - std::max(stamp.mtime_ns, stamp.ctime_ns) < 1'000'000'000) return;  // racy: may change within the same tick
  std::lock_guard lock(mutex_);
  if (listings_.size() >= kMaxDirectories && !listings_.count(key_of(info))) listings_.erase(listings_.begin());
  listings_[key_of(info)] = Listing{stamp, entries};
}

}  // namespace conhub::connectors
