#include "transport/http_session_store.hpp"

#include <sodium.h>

namespace conhub::mcp::detail {

namespace {

using Clock = std::chrono::steady_clock;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch()).count();
}

// When the store is full, a session idle this long may make room for a new one.
constexpr auto kEvictableAfter = std::chrono::seconds(60);

}  // namespace

std::string random_session_id() {
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  char hex[sizeof bytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return hex;
}

void HttpSession::touch() { last_active_ms.store(now_ms()); }

bool HttpSession::idle_since(Clock::time_point cutoff) const {
  const auto cutoff_ms = std::chrono::duration_cast<std::chrono::milliseconds>(cutoff.time_since_epoch()).count();
  return last_active_ms.load() < cutoff_ms && posts_in_flight.load() == 0 && open_connections.load() == 0 &&
         (!session || session->in_flight() == 0);
}

std::shared_ptr<EventStream> HttpSession::new_post_stream(std::size_t max_events, std::size_t keep) {
  std::lock_guard lock(mutex);
  const std::uint64_t n = next_stream++;
  auto stream = std::make_shared<EventStream>(std::to_string(n), max_events);
  streams[n] = stream;
  // Keep a bounded number of streams for resumption; finished ones go first.
  for (auto it = streams.begin(); streams.size() > keep && it != streams.end();) {
    if (it->second->finished() && it->second != stream) it = streams.erase(it);
    else ++it;
  }
  return stream;
}

std::shared_ptr<EventStream> HttpSession::stream_for_event_id(const std::string& last_event_id) {
  auto dash = last_event_id.find('-');
  if (dash == std::string::npos || dash == 0) return nullptr;
  const std::string prefix = last_event_id.substr(0, dash);
  if (prefix == "0") return standalone;
  std::lock_guard lock(mutex);
  for (auto& [n, stream] : streams)
    if (std::to_string(n) == prefix) return stream;
  return nullptr;
}

void HttpSession::forget_stream(const std::shared_ptr<EventStream>& stream) {
  std::lock_guard lock(mutex);
  for (auto it = streams.begin(); it != streams.end(); ++it) {
    if (it->second == stream) {
      streams.erase(it);
      return;
    }
  }
}

void HttpSession::shut_down() {
  if (session) session->close();
  if (standalone) standalone->finish();
  std::lock_guard lock(mutex);
  for (auto& [n, stream] : streams) stream->finish();
}

std::shared_ptr<HttpSession> HttpSessionStore::create(const std::string& principal, bool legacy) {
  std::shared_ptr<HttpSession> evicted;
  std::shared_ptr<HttpSession> created;
  {
    std::lock_guard lock(mutex_);
    if (sessions_.size() >= max_sessions_) {
      // Make room by evicting the least recently active session that is idle.
      const auto cutoff = Clock::now() - kEvictableAfter;
      std::string victim;
      std::int64_t oldest = INT64_MAX;
      for (const auto& [id, session] : sessions_) {
        if (session->idle_since(cutoff) && session->last_active_ms.load() < oldest) {
          oldest = session->last_active_ms.load();
          victim = id;
        }
      }
      if (victim.empty()) return nullptr;
      evicted = sessions_[victim];
      sessions_.erase(victim);
    }
    created = std::make_shared<HttpSession>();
    created->id = random_session_id();
    created->principal = principal;
    created->number = next_number_++;
    created->legacy = legacy;
    created->touch();
    sessions_[created->id] = created;
  }
  if (evicted) evicted->shut_down();
  return created;
}

std::shared_ptr<HttpSession> HttpSessionStore::find(const std::string& id, const std::string& principal) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(id);
  if (it == sessions_.end() || it->second->principal != principal) return nullptr;
  return it->second;
}

std::shared_ptr<HttpSession> HttpSessionStore::remove(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return nullptr;
  auto session = it->second;
  sessions_.erase(it);
  return session;
}

std::vector<std::shared_ptr<HttpSession>> HttpSessionStore::take_idle(Clock::time_point cutoff) {
  std::vector<std::shared_ptr<HttpSession>> idle;
  std::lock_guard lock(mutex_);
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (it->second->idle_since(cutoff)) {
      idle.push_back(it->second);
      it = sessions_.erase(it);
    } else {
      ++it;
    }
  }
  return idle;
}

std::vector<std::shared_ptr<HttpSession>> HttpSessionStore::take_all() {
  std::vector<std::shared_ptr<HttpSession>> all;
  std::lock_guard lock(mutex_);
  for (auto& [id, session] : sessions_) all.push_back(session);
  sessions_.clear();
  return all;
}

std::size_t HttpSessionStore::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

}  // namespace conhub::mcp::detail
