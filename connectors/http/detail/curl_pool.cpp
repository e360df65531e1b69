#include "http/detail/curl_pool.hpp"

#include "http/detail/curl_api.hpp"

namespace conhub::connectors::detail {

CurlPool::CurlPool(std::size_t max_idle) : max_idle_(max_idle) {
  share_ = curl().share_init();  // loads libcurl (and runs curl_global_init) the first time
  if (share_ != nullptr) {
    curl().share_setopt(share_, CURLSHOPT_LOCKFUNC, &CurlPool::lock);
    curl().share_setopt(share_, CURLSHOPT_UNLOCKFUNC, &CurlPool::unlock);
    curl().share_setopt(share_, CURLSHOPT_USERDATA, this);
    curl().share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl().share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  }
}

CurlPool::~CurlPool() {
  for (CURLM* multi : idle_) curl().multi_cleanup(multi);
  // Every easy handle that used the share is gone by now (one per request, freed after it).
  if (share_ != nullptr) curl().share_cleanup(share_);
}

CURLM* CurlPool::acquire() {
  {
    std::lock_guard guard(mutex_);
    if (!idle_.empty()) {
      CURLM* multi = idle_.back();  // most recently used: its connection is the likeliest alive
      idle_.pop_back();
      return multi;
    }
  }
  return curl().multi_init();
}

void CurlPool::release(CURLM* multi, bool healthy) {
  if (multi == nullptr) return;
  if (healthy) {
    std::lock_guard guard(mutex_);
    if (idle_.size() < max_idle_) {
      idle_.push_back(multi);
      return;
    }
  }
  curl().multi_cleanup(multi);
}

void CurlPool::lock(CURL*, curl_lock_data data, curl_lock_access, void* self) {
  // A C callback: no .at(), nothing that throws (STYLE.md §3).
  const auto index = static_cast<std::size_t>(data);
  if (index < CURL_LOCK_DATA_LAST) static_cast<CurlPool*>(self)->share_locks_[index].lock();
}

void CurlPool::unlock(CURL*, curl_lock_data data, void* self) {
  const auto index = static_cast<std::size_t>(data);
  if (index < CURL_LOCK_DATA_LAST) static_cast<CurlPool*>(self)->share_locks_[index].unlock();
}

}  // namespace conhub::connectors::detail
