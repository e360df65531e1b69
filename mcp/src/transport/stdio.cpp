// stdio transport (2025-11-25 basic/transports): newline-delimited JSON-RPC on
// stdin/stdout. stdout carries protocol messages only.
//
// Threads: one thread reads stdin, frames lines into a backlog and handles them itself,
// handlers included, so a request costs no hand-off to another thread. A watchdog checks
// every few milliseconds whether that thread is stuck in a handler; if so it wakes an idle
// thread to read on, so a slow handler never blocks ping, cancellation or other requests.
// Lines that still wait after kStaleAfter go to the worker pool, and when no thread is left
// to read, lines go to the pool as well. One thread consumes the backlog at a time, so
// requests are handled in arrival order (initialize before what follows it).
//
// Shutdown: on EOF, in-flight requests get up to kDrainGrace to finish (a pipeline such as
// `printf … | conhub-mcp serve --stdio` gets its answers); on SIGTERM/SIGINT they are
// cancelled at once. Either way handlers get a bounded time to return.
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "conhub/mcp/run.hpp"
#include "transport/line_framer.hpp"

namespace conhub::mcp {

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kThreads = 3;                                // readers that may also run handlers
constexpr auto kStuckAfter = std::chrono::milliseconds(2);  // a handler this old gets a backup reader
constexpr auto kBusyTick = std::chrono::milliseconds(2);    // watchdog period while handlers run
constexpr auto kIdleTick = std::chrono::milliseconds(20);   // and while none does
constexpr auto kStaleAfter = std::chrono::milliseconds(10);
constexpr auto kDrainGrace = std::chrono::seconds(5);

int g_signal_pipe[2] = {-1, -1};

void on_signal(int signal_number) {
  const char byte = static_cast<char>(signal_number);
  [[maybe_unused]] auto ignored = ::write(g_signal_pipe[1], &byte, 1);
}

// spdlog's built-in default logger writes to stdout, which would corrupt the protocol.
void keep_logs_off_stdout() {
  if (spdlog::default_logger()->name().empty()) {
    auto logger = spdlog::stderr_color_mt("mcp");
    logger->set_level(spdlog::default_logger()->level());
    spdlog::set_default_logger(logger);
  }
}

// Writes protocol lines to stdout. While the consumer thread works through a backlog of
// several lines, what it writes is gathered and written with one syscall at the end (or
// by the watchdog if a handler takes long), which halves the syscalls under load.
class LineWriter {
 public:
  explicit LineWriter(int fd) : fd_(fd) {}

  void write_line(std::string message) {
    std::lock_guard lock(mutex_);
    pending_ += message;
    pending_ += '\n';
    if (!gathering_on_this_thread() || pending_.size() >= kGatherLimit) flush_locked();
  }

  void flush() {
    std::lock_guard lock(mutex_);
    flush_locked();
  }

  /// Between begin and end, lines written by the calling thread are gathered.
  static void gather(bool on) { gathering_ = on; }

 private:
  static constexpr std::size_t kGatherLimit = 64 * 1024;
  static bool gathering_on_this_thread() { return gathering_; }

  void flush_locked() {
    if (broken_) pending_.clear();
    const char* data = pending_.data();
    std::size_t left = pending_.size();
    while (left > 0) {
      ssize_t n = ::write(fd_, data, left);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        spdlog::warn("stdout closed ({}); dropping further output", std::strerror(errno));
        broken_ = true;
        break;
      }
      data += n;
      left -= static_cast<std::size_t>(n);
    }
    pending_.clear();
  }

  static thread_local bool gathering_;
  int fd_;
  std::mutex mutex_;
  std::string pending_;  // guarded by mutex_
  bool broken_ = false;  // guarded by mutex_
};

thread_local bool LineWriter::gathering_ = false;

class StdioLoop {
 public:
  StdioLoop(Session& session, LineWriter& writer, const StdioOptions& options)
      : session_(session), writer_(writer), options_(options), framer_(options.max_message_bytes) {}

  /// Runs until end of input or a signal, then shuts the session down; returns the reason.
  const char* run() {
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) threads.emplace_back([this] { thread_main(); });
    std::thread watchdog([this] { watch(); });
    for (auto& t : threads) t.join();
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    watchdog_cv_.notify_all();
    watchdog.join();
    return reason_;
  }

 private:
  struct Item {
    detail::LineFramer::Line line;
    Clock::time_point queued;
  };
  enum class ReadResult { kLines, kTimeout, kEnd, kSignal };

  void thread_main() {
    std::unique_lock lock(mutex_);
    for (;;) {
      if (stopping_) return;
      if (!reading_ && !input_closed_) {
        lead(lock);
        continue;
      }
      ++idle_;
      wake_.wait(lock);
      --idle_;
    }
  }

  // Reads until lines arrive; then becomes the one thread consuming the backlog, or, when
  // another thread is still busy with earlier lines, keeps reading.
  void lead(std::unique_lock<std::mutex>& lock) {
    reading_ = true;
    for (;;) {
      const bool waiting = !backlog_.empty();
      lock.unlock();
      std::vector<detail::LineFramer::Line> lines;
      ReadResult result = read_some(waiting ? static_cast<int>(kStaleAfter.count()) : -1, lines);
      lock.lock();
      if (result == ReadResult::kTimeout) {
        pass_stale_to_pool(lock);
        continue;
      }
      if (result != ReadResult::kLines) {
        reading_ = false;
        input_closed_ = true;  // no other thread reads again
        stop(lock, result == ReadResult::kSignal);
        return;
      }
      const auto now = Clock::now();
      for (auto& line : lines) backlog_.push_back({std::move(line), now});
      if (!consuming_) break;
    }
    reading_ = false;
    consuming_ = true;
    consume(lock);
  }

  // Wakes an idle thread to read when the consumer has been in one handler too long.
  void watch() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      watchdog_cv_.wait_for(lock, consuming_ ? kBusyTick : kIdleTick);
      if (!consuming_ || Clock::now() - item_started_ <= kStuckAfter) continue;
      writer_.flush();  // what the consumer gathered before the slow handler goes out now
      if (!reading_ && !input_closed_ && idle_ > 0) wake_.notify_one();
    }
  }

  void consume(std::unique_lock<std::mutex>& lock) {
    LineWriter::gather(true);
    while (!backlog_.empty() && !stopping_) {
      Item item = std::move(backlog_.front());
      backlog_.pop_front();
      item_started_ = Clock::now();
      // Run the handler here only while another thread reads or can take over.
      const bool here = reading_ || idle_ > 0;
      lock.unlock();
      dispatch(item.line, here);
      lock.lock();
    }
    LineWriter::gather(false);
    lock.unlock();
    writer_.flush();
    lock.lock();
    consuming_ = false;
    done_.notify_all();
  }

  void pass_stale_to_pool(std::unique_lock<std::mutex>& lock) {
    std::vector<Item> stale;
    const auto cutoff = Clock::now() - kStaleAfter;
    while (!backlog_.empty() && backlog_.front().queued <= cutoff) {
      stale.push_back(std::move(backlog_.front()));
      backlog_.pop_front();
    }
    lock.unlock();
    for (auto& item : stale) dispatch(item.line, false);
    lock.lock();
  }

  // On a signal, cancel now; at end of input, let queued lines and running handlers finish
  // within kDrainGrace first. close() cancels what is left and waits for the handlers.
  void stop(std::unique_lock<std::mutex>& lock, bool by_signal) {
    reason_ = by_signal ? "signal" : "end of input";
    const auto deadline = Clock::now() + kDrainGrace;
    if (!by_signal) {
      while (consuming_ || !backlog_.empty()) {
        if (!consuming_) {  // lines no thread has picked up yet
          consuming_ = true;
          consume(lock);
          continue;
        }
        if (done_.wait_until(lock, deadline) == std::cv_status::timeout) break;
      }
      lock.unlock();
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (!session_.drain(std::max(left, std::chrono::milliseconds(0))))
        spdlog::warn("requests still running {} s after end of input; cancelling them", kDrainGrace.count());
      lock.lock();
    }
    stopping_ = true;
    wake_.notify_all();
    watchdog_cv_.notify_all();
    lock.unlock();
    session_.close();
    lock.lock();
  }

  void dispatch(const detail::LineFramer::Line& line, bool here) {
    if (line.oversized) {
      session_.reject(Error::invalid_request("Message of " + std::to_string(line.size) + " bytes exceeds the limit of " +
                                             std::to_string(options_.max_message_bytes) + " bytes"));
    } else if (here) {
      session_.receive_here(line.text);
    } else {
      session_.receive(line.text);
    }
  }

  ReadResult read_some(int timeout_ms, std::vector<detail::LineFramer::Line>& lines) {
    pollfd fds[2] = {{options_.input_fd, POLLIN, 0}, {g_signal_pipe[0], POLLIN, 0}};
    for (;;) {
      int ready = ::poll(fds, 2, timeout_ms);
      if (ready < 0) {
        if (errno == EINTR) continue;
        spdlog::error("poll on stdin failed: {}", std::strerror(errno));
        return ReadResult::kEnd;
      }
      if (ready == 0) return ReadResult::kTimeout;
      if (fds[1].revents & POLLIN) return ReadResult::kSignal;
      if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = ::read(options_.input_fd, chunk_, sizeof chunk_);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return ReadResult::kEnd;
      framer_.feed(chunk_, static_cast<std::size_t>(n), lines);
      if (!lines.empty()) return ReadResult::kLines;
    }
  }

  Session& session_;
  LineWriter& writer_;
  const StdioOptions& options_;
  detail::LineFramer framer_;   // used by the reading thread only
  char chunk_[65536];   // used by the reading thread only

  std::mutex mutex_;
  std::condition_variable wake_;  // idle threads wait here for the reading to be free
  std::condition_variable done_;  // the consumer emptied the backlog
  std::condition_variable watchdog_cv_;  // wakes the watchdog early to stop
  Clock::time_point item_started_;       // guarded by mutex_: when the consumer took its line
  std::deque<Item> backlog_;      // guarded by mutex_
  bool reading_ = false;          // guarded by mutex_: a thread is in read_some
  bool consuming_ = false;        // guarded by mutex_: a thread is handling the backlog
  bool input_closed_ = false;     // guarded by mutex_: EOF or a signal was seen
  bool stopping_ = false;         // guarded by mutex_
  int idle_ = 0;                  // guarded by mutex_
  const char* reason_ = "end of input";  // guarded by mutex_
};

}  // namespace

int run_stdio(Server& server, StdioOptions options) {
  keep_logs_off_stdout();
  if (::pipe(g_signal_pipe) != 0) {
    spdlog::error("cannot create the signal pipe: {}", std::strerror(errno));
    return 1;
  }
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGTERM, &action, nullptr);
  ::sigaction(SIGINT, &action, nullptr);
  ::signal(SIGPIPE, SIG_IGN);

  LineWriter writer(options.output_fd);
  auto session = server.open_session([&writer](std::string message) { writer.write_line(std::move(message)); });

  StdioLoop loop(*session, writer, options);
  const char* reason = loop.run();
  spdlog::info("stdio transport stopped: {}", reason);
  session.reset();
  ::close(g_signal_pipe[0]);
  ::close(g_signal_pipe[1]);
  return 0;
}

}  // namespace conhub::mcp
