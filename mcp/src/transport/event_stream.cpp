#include "transport/event_stream.hpp"

#include <charconv>

namespace conhub::mcp::detail {

EventStream::EventStream(std::optional<std::string> stream_id, std::size_t max_events)
    : stream_id_(std::move(stream_id)), max_events_(max_events == 0 ? 1 : max_events) {}

void EventStream::append(std::string frame_body, bool with_id) {
  const std::uint64_t seq = next_seq_++;
  std::string frame;
  if (with_id && stream_id_) frame = "id: " + *stream_id_ + "-" + std::to_string(seq) + "\n";
  frame += frame_body;
  events_.push_back({seq, std::move(frame)});
  // Non-resumable streams keep only what no reader has taken yet; resumable ones keep a
  // bounded history for Last-Event-ID (the oldest events go first).
  while (events_.size() > max_events_ && (stream_id_ || events_.front().seq < taken_upto_)) events_.pop_front();
}

void EventStream::push(const std::string& message) {
  {
    std::lock_guard lock(mutex_);
    if (finished_) return;
    append("event: message\ndata: " + message + "\n\n", true);
  }
  cv_.notify_all();
}

void EventStream::push_raw(std::string event_without_id, bool with_id) {
  {
    std::lock_guard lock(mutex_);
    if (finished_) return;
    append(std::move(event_without_id), with_id);
  }
  cv_.notify_all();
}

void EventStream::finish() {
  {
    std::lock_guard lock(mutex_);
    finished_ = true;
  }
  cv_.notify_all();
}

bool EventStream::finished() const {
  std::lock_guard lock(mutex_);
  return finished_;
}

std::uint64_t EventStream::attach(std::optional<std::uint64_t> after_seq) {
  std::lock_guard lock(mutex_);
  ++generation_;
  reader_ = true;
  reader_seq_ = after_seq ? *after_seq + 1 : delivered_upto_;
  taken_upto_ = reader_seq_;
  cv_.notify_all();  // wakes a superseded reader
  return generation_;
}

std::optional<std::uint64_t> EventStream::resumable_seq(const std::string& last_event_id) const {
  if (!stream_id_) return std::nullopt;
  const std::string prefix = *stream_id_ + "-";
  if (last_event_id.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  std::uint64_t seq = 0;
  const char* begin = last_event_id.data() + prefix.size();
  const char* end = last_event_id.data() + last_event_id.size();
  auto [ptr, ec] = std::from_chars(begin, end, seq);
  if (ec != std::errc() || ptr != end || begin == end) return std::nullopt;
  std::lock_guard lock(mutex_);
  if (seq >= next_seq_) return std::nullopt;
  // Every event after `seq` must still be in the buffer.
  if (seq + 1 < next_seq_ && (events_.empty() || events_.front().seq > seq + 1)) return std::nullopt;
  return seq;
}

EventStream::Next EventStream::take(std::uint64_t generation, std::string& out, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  auto ready = [&] { return generation != generation_ || next_seq_ > reader_seq_ || finished_; };
  if (!cv_.wait_for(lock, timeout, ready)) return Next::kIdle;
  if (generation != generation_) return Next::kSuperseded;
  if (next_seq_ > reader_seq_) {
    for (auto& event : events_) {
      if (event.seq < reader_seq_) continue;
      out += event.frame;
    }
    reader_seq_ = next_seq_;
    taken_upto_ = reader_seq_;
    if (!stream_id_) {
      while (!events_.empty() && events_.front().seq < taken_upto_) events_.pop_front();
    }
    return Next::kEvents;
  }
  return Next::kFinished;
}

void EventStream::delivered(std::uint64_t generation) {
  std::lock_guard lock(mutex_);
  if (generation == generation_) delivered_upto_ = taken_upto_;
}

void EventStream::detach(std::uint64_t generation) {
  std::lock_guard lock(mutex_);
  if (generation == generation_) reader_ = false;
}

bool EventStream::has_reader() const {
  std::lock_guard lock(mutex_);
  return reader_;
}

}  // namespace conhub::mcp::detail
