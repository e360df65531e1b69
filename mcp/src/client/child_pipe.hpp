// ChildPipe: a child process started with posix_spawn whose stdin and stdout are pipes
// held by the parent; stderr is inherited, and every other descriptor is closed in the
// child. Owns the pid and both descriptors. Thread-safety: write_all() from one thread at
// a time (the Client serialises), read_some() from the reader thread only.
#pragma once

#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace conhub::mcp::detail {

class ChildPipe {
 public:
  ChildPipe() = default;
  ~ChildPipe();
  ChildPipe(const ChildPipe&) = delete;
  ChildPipe& operator=(const ChildPipe&) = delete;

  /// Returns 0, or the errno of a failed start (ENOENT when the program is not found).
  int start(const std::vector<std::string>& argv, const std::vector<std::string>& env);
  /// False when the child's stdin is closed (it exited).
  bool write_all(std::string_view data);
  /// Bytes read, 0 at end of file, -1 on error.
  long read_some(char* buffer, std::size_t size);
  /// Closes the child's stdin, waits up to `grace_ms` for it to exit, then sends SIGTERM
  /// and SIGKILL to its process group; reaps it. Idempotent. The read end stays open (the
  /// reader sees end of file) until destruction.
  void terminate(int grace_ms);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int to_child_ = -1;
  int from_child_ = -1;
  bool reaped_ = false;
};

}  // namespace conhub::mcp::detail
