// BoundedTaskQueue: httplib's connection thread pool with a bound on waiting connections.
// httplib 0.11 holds one thread per connection (idle keep-alive and SSE included) and its
// TaskQueue::enqueue cannot refuse work, so connections beyond the bound run on one
// overflow thread that only answers 503 (overloaded() is true there). Thread-safe.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <httplib.h>

namespace conhub::mcp::detail {

class BoundedTaskQueue : public httplib::TaskQueue {
 public:
  BoundedTaskQueue(std::size_t threads, std::size_t max_pending);
  ~BoundedTaskQueue() override;
  void enqueue(std::function<void()> task) override;
  void shutdown() override;

  /// True on the overflow thread: the request must be answered 503 at once.
  static bool overloaded();

 private:
  void work(bool overflow);

  const std::size_t max_pending_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> pending_;   // guarded by mutex_
  std::deque<std::function<void()>> overflow_;  // guarded by mutex_
  bool shutting_down_ = false;                  // guarded by mutex_
  std::vector<std::thread> threads_;
};

}  // namespace conhub::mcp::detail
