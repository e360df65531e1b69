#include "file_watcher.hpp"

#include <condition_variable>
#include <mutex>

#include <spdlog/spdlog.h>
#include <sys/stat.h>

namespace conhub::connectors {

FileWatcher::FileWatcher(mcp::ResourceUpdates updates, Resolve resolve, std::chrono::milliseconds interval)
    : updates_(std::move(updates)), resolve_(std::move(resolve)), interval_(interval) {
  thread_ = std::jthread([this](std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any wake;
    while (!stop.stop_requested()) {
      {
        std::unique_lock lock(mutex);
        if (wake.wait_for(lock, stop, interval_, [] { return false; })) break;
      }
      if (stop.stop_requested()) break;
      poll();
    }
  });
}

FileWatcher::~FileWatcher() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

FileWatcher::Stamp FileWatcher::stamp_of(const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return {};
  return {.exists = true,
          .mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec,
          .ctime_ns = static_cast<std::int64_t>(st.st_ctim.tv_sec) * 1'000'000'000 + st.st_ctim.tv_nsec,
          .size = static_cast<std::uintmax_t>(st.st_size),
          .inode = static_cast<std::uintmax_t>(st.st_ino)};
}

void FileWatcher::poll() {
  std::map<std::string, Stamp> now;
  for (const auto& uri : updates_.subscribed()) {
    const auto file = resolve_(uri);
    if (!file) continue;
    if (now.size() >= kMaxWatched) {
      if (!warned_over_limit_) spdlog::warn("files: more than {} subscribed files; the rest are not watched", kMaxWatched);
      warned_over_limit_ = true;
      break;
    }
    const Stamp stamp = stamp_of(*file);
    auto before = seen_.find(uri);
    if (before != seen_.end() && !(before->second == stamp)) updates_.updated(uri);
    now.emplace(uri, stamp);
  }
  seen_ = std::move(now);  // unsubscribed URIs drop out; re-subscribing starts from a fresh baseline
}

}  // namespace conhub::connectors
