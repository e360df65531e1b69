// EventStream: the server-sent events of one SSE stream, decoupled from the HTTP connection
// that carries them. Workers push messages; the connection's thread takes framed events.
// Resumable streams (stateful Streamable HTTP, 2025-11-25 basic/transports § Resumability)
// keep the last events with ids "<stream>-<seq>" so a client that lost its connection can
// continue with GET + Last-Event-ID; a newer connection supersedes an older one.
// Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

namespace conhub::mcp::detail {

class EventStream {
 public:
  /// `stream_id`: the id prefix of a resumable stream; nullopt for a stream without ids
  /// (2026-07-28, legacy HTTP+SSE), whose events are dropped once taken.
  EventStream(std::optional<std::string> stream_id, std::size_t max_events);

  /// Queues one JSON-RPC message as an `event: message`. Ignored after finish().
  void push(const std::string& message);
  /// Queues a raw event (the legacy `endpoint` event, the 2025-11-25 priming event).
  void push_raw(std::string event_without_id, bool with_id);
  /// No more events follow; connections end after sending what is queued.
  void finish();
  bool finished() const;

  /// Makes a new connection the stream's reader; returns its generation. Earlier
  /// connections are superseded. The reader starts after `last_event_id`'s sequence number,
  /// or after the last delivered event when none is given.
  std::uint64_t attach(std::optional<std::uint64_t> after_seq = std::nullopt);
  /// Parses "<stream>-<seq>" of this stream; nullopt when the id is not one of ours or
  /// already evicted from the replay buffer.
  std::optional<std::uint64_t> resumable_seq(const std::string& last_event_id) const;

  enum class Next { kEvents, kFinished, kSuperseded, kIdle };
  /// Waits up to `timeout` for events for `generation`; appends their frames to `out`.
  /// kFinished: finished and everything taken. kIdle: nothing happened in time.
  Next take(std::uint64_t generation, std::string& out, std::chrono::milliseconds timeout);
  /// The connection of `generation` wrote everything it took (for fresh-GET delivery).
  void delivered(std::uint64_t generation);
  /// The connection of `generation` is gone.
  void detach(std::uint64_t generation);
  bool has_reader() const;

 private:
  struct Event {
    std::uint64_t seq;
    std::string frame;
  };
  void append(std::string frame_body, bool with_id);  // requires mutex_

  const std::optional<std::string> stream_id_;
  const std::size_t max_events_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Event> events_;          // guarded by mutex_
  std::uint64_t next_seq_ = 0;        // guarded by mutex_
  std::uint64_t reader_seq_ = 0;      // next seq the current reader takes; guarded
  std::uint64_t taken_upto_ = 0;      // seqs below this were taken by the current reader; guarded
  std::uint64_t delivered_upto_ = 0;  // seqs below this reached a client; guarded
  std::uint64_t generation_ = 0;      // guarded by mutex_
  bool reader_ = false;               // guarded by mutex_
  bool finished_ = false;             // guarded by mutex_
};

}  // namespace conhub::mcp::detail
