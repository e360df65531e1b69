#include "conhub/store/audit_writer.hpp"

#include <vector>

#include <spdlog/spdlog.h>

namespace conhub::store {

namespace {
std::int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}
}  // namespace

AuditWriter::AuditWriter(Database db, AuditWriterOptions options) : db_(std::move(db)), options_(options) {
  thread_ = std::thread([this] { run(); });
}

AuditWriter::~AuditWriter() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  space_.notify_all();
  thread_.join();
  if (dropped_ > 0) spdlog::warn("audit: {} record(s) were dropped because the audit queue was full", dropped_);
}

void AuditWriter::submit(AuditEntry entry) {
  bool was_empty;
  {
    std::unique_lock lock(mutex_);
    // Every call is audited: when the writer falls behind, serving waits for room (the
    // writer drains the whole queue per transaction, so this is short). Only a database
    // stuck for kFullWait makes us drop, loudly, rather than stop serving.
    if (queue_.size() >= options_.max_queued &&
        !space_.wait_for(lock, kFullWait, [this] { return queue_.size() < options_.max_queued || stop_; })) {
      if (dropped_++ == 0) spdlog::error("audit: the database accepted no record for {} s; dropping records until it does",
                                         kFullWait.count());
      return;
    }
    was_empty = queue_.empty();
    queue_.push_back(std::move(entry));
  }
  // The writer sleeps only on an empty queue; waking it per record would cost a syscall each.
  if (was_empty) wake_.notify_one();
}

void AuditWriter::flush() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return queue_.empty() && !busy_; });
}

std::uint64_t AuditWriter::written() const {
  std::lock_guard lock(mutex_);
  return written_;
}
std::uint64_t AuditWriter::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}
std::uint64_t AuditWriter::failed() const {
  std::lock_guard lock(mutex_);
  return failed_;
}

void AuditWriter::prune() {
  if (options_.retention_days <= 0) return;
  const std::int64_t cutoff = now_us() - static_cast<std::int64_t>(options_.retention_days) * 86'400LL * 1'000'000LL;
  auto removed = AuditLog(db_).prune(cutoff);
  if (!removed) spdlog::warn("audit: pruning rows older than {} days failed: {}", options_.retention_days, removed.error().message);
  else if (*removed > 0) spdlog::info("audit: pruned {} row(s) older than {} days", *removed, options_.retention_days);
}

void AuditWriter::run() {
  prune();
  auto next_prune = std::chrono::steady_clock::now() + options_.prune_every;
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait_until(lock, next_prune, [this] { return stop_ || !queue_.empty(); });
    if (!queue_.empty()) {
      std::vector<AuditEntry> batch(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
      queue_.clear();
      space_.notify_all();
      busy_ = true;
      lock.unlock();
      auto st = AuditLog(db_).append(batch);
      if (!st) spdlog::warn("audit: could not write {} record(s): {}", batch.size(), st.error().message);
      lock.lock();
      busy_ = false;
      (st ? written_ : failed_) += batch.size();
      idle_.notify_all();
      continue;  // drain everything before stopping
    }
    if (stop_) break;
    if (std::chrono::steady_clock::now() >= next_prune) {
      lock.unlock();
      prune();
      lock.lock();
      next_prune = std::chrono::steady_clock::now() + options_.prune_every;
    }
  }
  idle_.notify_all();
}

}  // namespace conhub::store
