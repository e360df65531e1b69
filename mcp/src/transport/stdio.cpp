// stdio transport (2025-11-25 basic/transports): newline-delimited JSON-RPC on
// stdin/stdout. stdout carries protocol messages only. Ends on EOF, SIGTERM or SIGINT,
// cancelling what is in flight and waiting (bounded) for the handlers.
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <string>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "conhub/mcp/run.hpp"

namespace conhub::mcp {

namespace {

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

class LineWriter {
 public:
  explicit LineWriter(int fd) : fd_(fd) {}

  void write_line(std::string message) {
    message.push_back('\n');
    std::lock_guard lock(mutex_);
    if (broken_) return;
    const char* data = message.data();
    std::size_t left = message.size();
    while (left > 0) {
      ssize_t n = ::write(fd_, data, left);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        spdlog::warn("stdout closed ({}); dropping further output", std::strerror(errno));
        broken_ = true;
        return;
      }
      data += n;
      left -= static_cast<std::size_t>(n);
    }
  }

 private:
  int fd_;
  std::mutex mutex_;
  bool broken_ = false;  // guarded by mutex_
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

  std::string buffer;
  std::size_t scanned = 0;     // bytes of buffer already searched for a newline
  bool discarding = false;     // inside an oversized line: drop bytes up to the next newline
  std::size_t discarded = 0;
  char chunk[65536];
  pollfd fds[2] = {{options.input_fd, POLLIN, 0}, {g_signal_pipe[0], POLLIN, 0}};
  const char* reason = "end of input";

  for (;;) {
    int ready = ::poll(fds, 2, -1);
    if (ready < 0) {
      if (errno == EINTR) continue;
      reason = "poll failed";
      break;
    }
    if (fds[1].revents & POLLIN) {
      reason = "signal";
      break;
    }
    if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    ssize_t n = ::read(options.input_fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;

    buffer.append(chunk, static_cast<std::size_t>(n));
    std::size_t start = 0;
    for (;;) {
      auto newline = buffer.find('\n', scanned);
      if (newline == std::string::npos) break;
      std::string_view line(buffer.data() + start, newline - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (discarding) {
        discarding = false;
        session->reject(Error::invalid_request("Message of " + std::to_string(discarded + line.size()) +
                                               " bytes exceeds the limit of " +
                                               std::to_string(options.max_message_bytes) + " bytes"));
      } else if (line.size() > options.max_message_bytes) {
        session->reject(Error::invalid_request("Message of " + std::to_string(line.size()) + " bytes exceeds the limit of " +
                                               std::to_string(options.max_message_bytes) + " bytes"));
      } else if (line.find_first_not_of(" \t") != std::string_view::npos) {
        session->receive(line);
      }
      start = newline + 1;
      scanned = start;
    }
    buffer.erase(0, start);
    scanned = buffer.size();
    if (buffer.size() > options.max_message_bytes) {
      // Keep memory bounded: remember the size, drop the bytes, answer at the newline.
      if (!discarding) discarded = 0;
      discarded += buffer.size();
      discarding = true;
      buffer.clear();
      scanned = 0;
    }
  }

  spdlog::info("stdio transport stopping: {}", reason);
  session->close();
  session.reset();
  ::close(g_signal_pipe[0]);
  ::close(g_signal_pipe[1]);
  return 0;
}

}  // namespace conhub::mcp
