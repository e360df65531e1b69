// PostExchange: the Exchange of one POSTed message and the choice of how to answer it.
// A reply that is ready within the JSON grace period with nothing before it goes out as
// application/json; otherwise the POST becomes an SSE stream that carries the request's
// notifications and server-to-client requests before its response (2025-11-25
// basic/transports § Sending Messages 5-6). Thread-safe: workers call the Exchange, the
// HTTP thread waits and commits.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "conhub/mcp/server.hpp"
#include "transport/event_stream.hpp"

namespace conhub::mcp::detail {

class PostExchange : public std::enable_shared_from_this<PostExchange> {
 public:
  /// The Exchange to pass to Session::receive. Holds this object alive.
  Exchange exchange();

  /// Waits up to `grace` for the completion. True when it arrived with nothing before it:
  /// answer with completion() as JSON. False: commit() to a stream.
  bool wait_for_json(std::chrono::milliseconds grace);
  const Completion& completion() const { return *completion_; }

  /// From now on every message goes to `stream` (queued ones first); the stream is
  /// finished when the completion arrives.
  void commit(std::shared_ptr<EventStream> stream);
  /// Cancels the requests of this POST (client gone, timeout, shutdown).
  void cancel() { stop_.request_stop(); }
  /// Cancels, and makes the final message a timeout error for `id` instead of nothing.
  void time_out(const std::string& message);
  bool completed() const;

 private:
  void on_interim(std::string message);
  void on_complete(Completion completion);

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::string> early_;         // guarded by mutex_
  std::optional<Completion> completion_;   // guarded by mutex_ until wait_for_json() saw it
  std::shared_ptr<EventStream> stream_;    // guarded by mutex_
  std::string timeout_message_;            // guarded by mutex_
  std::stop_source stop_;
};

}  // namespace conhub::mcp::detail
