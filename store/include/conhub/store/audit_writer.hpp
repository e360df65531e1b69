// AuditWriter: takes audit entries from serving threads without blocking them and writes
// them on its own thread, in batches (one transaction each), through its own Database.
// A full queue drops the entry and counts it; a failed write is logged to stderr (via
// spdlog), never to stdout and never back to the caller. Also prunes rows older than
// the retention at start and hourly. The destructor writes what is queued, then joins.
// Thread-safety: submit() may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>

#include "conhub/store/audit_log.hpp"
#include "conhub/store/database.hpp"

namespace conhub::store {

struct AuditWriterOptions {
  int retention_days = 90;  // 0 keeps every row
  std::size_t max_queued = 1024;  // beyond this submit() waits (up to kFullWait) for the writer
  std::chrono::minutes prune_every{60};
};

class AuditWriter {
  static constexpr std::chrono::seconds kFullWait{5};

 public:
  AuditWriter(Database db, AuditWriterOptions options);
  ~AuditWriter();
  AuditWriter(const AuditWriter&) = delete;
  AuditWriter& operator=(const AuditWriter&) = delete;

  void submit(AuditEntry entry);
  /// Blocks until everything submitted so far is written (or failed). For tests and shutdown.
  void flush();

  std::uint64_t written() const;
  std::uint64_t dropped() const;
  std::uint64_t failed() const;

 private:
  void run();
  void prune();

  Database db_;  // used only on thread_
  AuditWriterOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::condition_variable space_;  // the queue has room again
  std::deque<AuditEntry> queue_;  // guarded by mutex_
  bool busy_ = false;             // guarded by mutex_
  bool stop_ = false;             // guarded by mutex_
  std::uint64_t written_ = 0;     // guarded by mutex_
  std::uint64_t dropped_ = 0;     // guarded by mutex_
  std::uint64_t failed_ = 0;      // guarded by mutex_
  std::thread thread_;
};

}  // namespace conhub::store
