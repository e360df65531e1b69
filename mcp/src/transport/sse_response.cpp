#include "transport/sse_response.hpp"

#include <algorithm>

namespace conhub::mcp::detail {

namespace {

constexpr const char* kKeepAlive = ": keepalive\n\n";

struct LoopState {
  std::shared_ptr<EventStream> stream;
  std::uint64_t generation;
  SseLoop loop;
  std::chrono::steady_clock::time_point last_write = std::chrono::steady_clock::now();
  bool finished_cleanly = false;
};

}  // namespace

void set_sse_headers(httplib::Response& res) {
  res.set_header("Cache-Control", "no-cache, no-transform");
  // Tells nginx-style proxies not to buffer the stream (2025-11-25 deployments behind proxies).
  res.set_header("X-Accel-Buffering", "no");
}

void serve_events(httplib::Response& res, std::shared_ptr<EventStream> stream, std::uint64_t generation, SseLoop loop) {
  set_sse_headers(res);
  auto state = std::make_shared<LoopState>(LoopState{std::move(stream), generation, std::move(loop)});
  res.set_chunked_content_provider(
      "text/event-stream",
      [state](std::size_t, httplib::DataSink& sink) {
        using namespace std::chrono;
        const auto now = steady_clock::now();
        const auto until_keep_alive = duration_cast<milliseconds>(state->loop.keep_alive - (now - state->last_write));
        const auto wait = std::clamp(until_keep_alive, milliseconds(1), state->loop.poll);
        std::string out;
        switch (state->stream->take(state->generation, out, wait)) {
          case EventStream::Next::kSuperseded: return false;
          case EventStream::Next::kEvents:
            if (!sink.write(out.data(), out.size())) return false;
            state->stream->delivered(state->generation);
            state->last_write = steady_clock::now();
            return true;
          case EventStream::Next::kFinished:
            state->finished_cleanly = true;
            sink.done();
            return true;
          case EventStream::Next::kIdle: break;
        }
        if (!sink.is_writable()) return false;  // the peer closed its end
        if (steady_clock::now() - state->last_write >= state->loop.keep_alive) {
          if (!sink.write(kKeepAlive, std::char_traits<char>::length(kKeepAlive))) return false;
          state->last_write = steady_clock::now();
        }
        if (state->loop.on_idle) state->loop.on_idle();
        return true;
      },
      [state](bool success) {
        state->stream->detach(state->generation);
        if (state->loop.on_end) state->loop.on_end(success && state->finished_cleanly);
      });
}

}  // namespace conhub::mcp::detail
