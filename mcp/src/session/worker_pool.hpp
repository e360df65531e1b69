// WorkerPool: a fixed set of threads running handler work, with a bounded queue so a
// flood of requests is refused with an error instead of growing memory without limit.
// Thread-safe: submit() may be called from any thread; the destructor drains nothing,
// it finishes the running tasks, drops the queued ones and joins.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace conhub::mcp::detail {

class WorkerPool {
 public:
  WorkerPool(std::size_t threads, std::size_t max_queued);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  /// False when the queue is full or the pool is stopping; the task is then not run.
  bool submit(std::function<void()> task);
  void stop();

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;  // guarded by mutex_
  bool stopping_ = false;                    // guarded by mutex_
  std::size_t max_queued_;
  std::vector<std::thread> threads_;
};

}  // namespace conhub::mcp::detail
