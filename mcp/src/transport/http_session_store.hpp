// HttpSessionStore: the stateful HTTP sessions (Streamable HTTP 2025-03-26 … 2025-11-25
// and legacy HTTP+SSE) by their Mcp-Session-Id, bound to the principal that created them
// (2025-11-25 security best practices § Session Hijacking), with a cap on their number and
// idle expiry. Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "conhub/mcp/server.hpp"
#include "transport/event_stream.hpp"

namespace conhub::mcp::detail {

struct HttpSession {
  std::string id;         // the Mcp-Session-Id: 32 hex characters from libsodium's RNG; a credential
  std::string principal;  // who created it; every later request must be the same principal
  std::uint64_t number = 0;  // logged as "s<number>", never the id
  bool legacy = false;       // an HTTP+SSE (2024-11-05) session
  std::unique_ptr<Session> session;
  /// Stream 0: the GET stream (stateful) or the legacy SSE stream: messages that belong to
  /// no request (list_changed, resources/updated, legacy replies).
  std::shared_ptr<EventStream> standalone;
  std::atomic<bool> modern_priming{false};  // negotiated >= 2025-11-25: POST streams start with a priming event

  std::mutex mutex;
  std::map<std::uint64_t, std::shared_ptr<EventStream>> streams;  // POST streams kept for resumption; guarded
  std::uint64_t next_stream = 1;                                  // guarded by mutex
  std::atomic<int> posts_in_flight{0};
  std::atomic<int> open_connections{0};  // SSE connections (GET / legacy)
  std::atomic<std::int64_t> last_active_ms{0};

  void touch();
  bool idle_since(std::chrono::steady_clock::time_point cutoff) const;
  /// A new resumable stream for one POST; older finished streams beyond `keep` are dropped.
  std::shared_ptr<EventStream> new_post_stream(std::size_t max_events, std::size_t keep);
  /// The stream a Last-Event-ID points into, or nullptr.
  std::shared_ptr<EventStream> stream_for_event_id(const std::string& last_event_id);
  void forget_stream(const std::shared_ptr<EventStream>& stream);
  /// Ends the protocol session (cancels in-flight calls) and every stream.
  void shut_down();
};

class HttpSessionStore {
 public:
  explicit HttpSessionStore(std::size_t max_sessions) : max_sessions_(max_sessions) {}

  /// A new session with a fresh id, or nullptr when the store is full and no session is
  /// idle long enough to be evicted. `session` and `standalone` are filled in by the caller.
  std::shared_ptr<HttpSession> create(const std::string& principal, bool legacy);
  /// nullptr when unknown, ended, or created by another principal.
  std::shared_ptr<HttpSession> find(const std::string& id, const std::string& principal);
  std::shared_ptr<HttpSession> remove(const std::string& id);
  /// Removes the sessions idle since before `cutoff`; the caller shuts them down.
  std::vector<std::shared_ptr<HttpSession>> take_idle(std::chrono::steady_clock::time_point cutoff);
  std::vector<std::shared_ptr<HttpSession>> take_all();
  std::size_t size() const;

 private:
  const std::size_t max_sessions_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<HttpSession>> sessions_;  // guarded by mutex_
  std::uint64_t next_number_ = 1;                                           // guarded by mutex_
};

/// 16 random bytes as 32 lower-case hex characters (visible ASCII, 2025-11-25 § Session Management).
std::string random_session_id();

}  // namespace conhub::mcp::detail
