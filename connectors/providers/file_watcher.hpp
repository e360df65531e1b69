// FileWatcher: notifications/resources/updated for the file resources clients subscribed to.
// It polls: every interval it asks the server which URIs are subscribed, keeps those that
// `resolve` maps to a file (the files connector's confinement check), and compares each
// file's stat (mtime, ctime, size, inode) with the last poll. Polling stat is portable, sees
// editors that replace a file by rename, costs one stat per subscribed file and nothing when
// no one subscribes; the price is up to one interval of delay. A newly subscribed file is
// only recorded; a change, a deletion or a re-creation is sent once per poll.
// Thread-safety: one thread of its own; the destructor stops and joins it.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <thread>

#include <conhub/mcp/server.hpp>

namespace conhub::connectors {

class FileWatcher {
 public:
  /// The file a subscribed URI names, or nullopt when the URI is not this watcher's (another
  /// connector's, or outside the roots): such URIs are never stat'ed.
  using Resolve = std::function<std::optional<std::filesystem::path>(const std::string& uri)>;
  static constexpr std::size_t kMaxWatched = 10'000;

  FileWatcher(mcp::ResourceUpdates updates, Resolve resolve, std::chrono::milliseconds interval);
  ~FileWatcher();
  FileWatcher(const FileWatcher&) = delete;
  FileWatcher& operator=(const FileWatcher&) = delete;

  /// One poll, on the caller's thread (the watcher's thread calls this every interval).
  void poll();

 private:
  struct Stamp {
    bool exists = false;
    std::int64_t mtime_ns = 0;
    std::int64_t ctime_ns = 0;
    std::uintmax_t size = 0;
    std::uintmax_t inode = 0;
    bool operator==(const Stamp&) const = default;
  };
  static Stamp stamp_of(const std::filesystem::path& file);

  mcp::ResourceUpdates updates_;
  Resolve resolve_;
  std::chrono::milliseconds interval_;
  std::map<std::string, Stamp> seen_;  // only touched by poll(), which runs on one thread at a time
  bool warned_over_limit_ = false;
  std::jthread thread_;  // last: stops before the members it uses go away
};

}  // namespace conhub::connectors
