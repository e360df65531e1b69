// ChildProcess: runs one program as a shell would, but stays its parent. The child inherits
// stdin, stdout and stderr themselves, so bytes pass between it and the agent untouched and
// the parent relays nothing; it gets exactly the environment given and no other file
// descriptor. The parent only forwards SIGINT, SIGTERM and SIGHUP and reports the exit status.
// Construction blocks those signals (and SIGCHLD) for the process, so one that arrives
// before wait() is queued, not lost; the destructor restores the mask. Main thread of a
// single-threaded process only (sigprocmask is per thread).
#pragma once

#include <csignal>
#include <string>
#include <vector>

#include <sys/types.h>

namespace conhub::cli {

class ChildProcess {
 public:
  ChildProcess();
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  /// Starts argv[0] (searched in PATH when it has no '/') with `env` as its whole
  /// environment. Returns 0, or the errno of a failed start (ENOENT, EACCES, …).
  int start(const std::vector<std::string>& argv, const std::vector<std::string>& env);
  /// Waits for the child, forwarding signals meanwhile. Returns its exit code, or
  /// 128+N when signal N ended it (what a shell reports).
  int wait();

 private:
  sigset_t forwarded_;  // SIGINT, SIGTERM, SIGHUP and SIGCHLD: taken with sigwaitinfo
  sigset_t old_mask_;   // the caller's, restored here and given to the child
  pid_t pid_ = -1;
};

/// The exit code for a start failure: 127 when the program is not there, 126 when it
/// cannot be run (as POSIX shells report).
int exit_code_for_start_error(int error_number);

}  // namespace conhub::cli
