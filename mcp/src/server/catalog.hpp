// Catalog: the name-keyed, sorted store behind each feature registry. Sorted keys give
// the deterministic list order and stable cursors (a cursor names the last key served).
// Thread-safe: readers share, writers exclude; entries are immutable once added.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

namespace conhub::mcp::detail {

template <typename Entry>
class Catalog {
 public:
  using Ptr = std::shared_ptr<const Entry>;

  bool add(const std::string& key, Ptr entry) {
    std::unique_lock lock(mutex_);
    return slots_.emplace(key, Slot{std::move(entry), true}).second;
  }
  /// False when the key is unknown or already in that state.
  bool set_enabled(const std::string& key, bool enabled) {
    std::unique_lock lock(mutex_);
    auto it = slots_.find(key);
    if (it == slots_.end() || it->second.enabled == enabled) return false;
    it->second.enabled = enabled;
    return true;
  }
  bool remove(const std::string& key) {
    std::unique_lock lock(mutex_);
    return slots_.erase(key) > 0;
  }
  Ptr find(const std::string& key) const {
    std::shared_lock lock(mutex_);
    auto it = slots_.find(key);
    return it != slots_.end() && it->second.enabled ? it->second.entry : nullptr;
  }
  /// True when the key is registered but disabled (hidden from lists for now).
  bool disabled(const std::string& key) const {
    std::shared_lock lock(mutex_);
    auto it = slots_.find(key);
    return it != slots_.end() && !it->second.enabled;
  }
  /// Up to `limit` enabled entries after `after` (all from the start when empty);
  /// `more` tells whether entries remain.
  std::vector<Ptr> page(const std::string& after, std::size_t limit, bool& more) const {
    std::shared_lock lock(mutex_);
    std::vector<Ptr> out;
    more = false;
    auto it = after.empty() ? slots_.begin() : slots_.upper_bound(after);
    for (; it != slots_.end(); ++it) {
      if (!it->second.enabled) continue;
      if (out.size() == limit) {
        more = true;
        break;
      }
      out.push_back(it->second.entry);
    }
    return out;
  }
  std::vector<Ptr> all() const {
    bool more = false;
    return page({}, static_cast<std::size_t>(-1), more);
  }

 private:
  struct Slot {
    Ptr entry;
    bool enabled = true;
  };
  mutable std::shared_mutex mutex_;
  std::map<std::string, Slot> slots_;  // guarded by mutex_
};

}  // namespace conhub::mcp::detail
