// Serves an EventStream as the body of one HTTP response (text/event-stream, chunked) on
// the connection's own thread. The loop blocks on the stream, writes what is queued in one
// chunk, sends keep-alive comments when idle, and notices a peer that went away.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

#include <httplib.h>

#include "transport/event_stream.hpp"

namespace conhub::mcp::detail {

struct SseLoop {
  std::chrono::milliseconds keep_alive{15'000};
  std::chrono::milliseconds poll{250};  // how often a silent connection is checked
  /// Runs on every idle poll (e.g. to enforce a request timeout).
  std::function<void()> on_idle;
  /// Runs once when the connection ends: `complete` = the stream finished and everything
  /// reached the client; false = the client went away, was superseded, or we shut down.
  std::function<void(bool complete)> on_end;
};

void set_sse_headers(httplib::Response& res);
/// Sets the SSE headers and a chunked body that streams `stream` for `generation`.
void serve_events(httplib::Response& res, std::shared_ptr<EventStream> stream, std::uint64_t generation, SseLoop loop);

}  // namespace conhub::mcp::detail
