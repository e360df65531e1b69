// CurlPool: the libcurl handles behind one HttpClient. Each idle entry is a multi handle,
// which owns a connection cache; a request leases one, runs a fresh easy handle on it, and
// gives it back, so the next request on that lease reuses the open (TLS) connection. A
// CURLSH shares the DNS cache and TLS session IDs across leases. Connections themselves
// are not put in the share: libcurl documents a shared connection cache as unsafe across
// concurrent threads (curl KNOWN_BUGS, "A shared connection cache is not thread-safe").
// Thread-safety: acquire/release from any thread; a lease is used by one thread at a time.
#pragma once

#include <curl/curl.h>

#include <array>
#include <cstddef>
#include <mutex>
#include <vector>

namespace conhub::connectors::detail {

class CurlPool {
 public:
  explicit CurlPool(std::size_t max_idle);
  ~CurlPool();
  CurlPool(const CurlPool&) = delete;
  CurlPool& operator=(const CurlPool&) = delete;

  /// A multi handle that only the caller uses until release(); nullptr if curl is out of memory.
  CURLM* acquire();
  /// Keeps the handle (and its open connections) for the next request, or frees it when
  /// enough are idle. `healthy` false frees it regardless (e.g. after a multi error).
  void release(CURLM* multi, bool healthy);
  CURLSH* share() const { return share_; }

 private:
  static void lock(CURL*, curl_lock_data data, curl_lock_access, void* self);
  static void unlock(CURL*, curl_lock_data data, void* self);

  const std::size_t max_idle_;
  CURLSH* share_ = nullptr;
  std::array<std::mutex, CURL_LOCK_DATA_LAST> share_locks_;  // one per curl_lock_data kind
  std::mutex mutex_;
  std::vector<CURLM*> idle_;  // guarded by mutex_
};

}  // namespace conhub::connectors::detail
