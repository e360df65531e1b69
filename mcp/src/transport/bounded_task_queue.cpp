#include "transport/bounded_task_queue.hpp"

namespace conhub::mcp::detail {

namespace {
thread_local bool on_overflow_thread = false;
}

BoundedTaskQueue::BoundedTaskQueue(std::size_t threads, std::size_t max_pending) : max_pending_(max_pending) {
  for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { work(false); });
  threads_.emplace_back([this] { work(true); });
}

BoundedTaskQueue::~BoundedTaskQueue() { shutdown(); }

bool BoundedTaskQueue::overloaded() { return on_overflow_thread; }

void BoundedTaskQueue::enqueue(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (pending_.size() < max_pending_) pending_.push_back(std::move(task));
    else overflow_.push_back(std::move(task));
  }
  cv_.notify_all();
}

void BoundedTaskQueue::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (shutting_down_ && threads_.empty()) return;
    shutting_down_ = true;
  }
  cv_.notify_all();
  for (auto& thread : threads_)
    if (thread.joinable()) thread.join();
  threads_.clear();
}

void BoundedTaskQueue::work(bool overflow) {
  on_overflow_thread = overflow;
  auto& queue = overflow ? overflow_ : pending_;
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [&] { return shutting_down_ || !queue.empty(); });
      if (queue.empty()) return;  // shutting down and drained: every socket was served
      task = std::move(queue.front());
      queue.pop_front();
    }
    task();
  }
}

}  // namespace conhub::mcp::detail
