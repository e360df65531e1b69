#include "client/child_pipe.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <thread>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

namespace conhub::mcp::detail {

namespace {

struct FileActions {
  posix_spawn_file_actions_t value;
  FileActions() { posix_spawn_file_actions_init(&value); }
  ~FileActions() { posix_spawn_file_actions_destroy(&value); }
};

struct SpawnAttributes {
  posix_spawnattr_t value;
  SpawnAttributes() { posix_spawnattr_init(&value); }
  ~SpawnAttributes() { posix_spawnattr_destroy(&value); }
};

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

}  // namespace

ChildPipe::~ChildPipe() {
  terminate(0);
  close_fd(from_child_);
}

int ChildPipe::start(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
  if (argv.empty()) return EINVAL;
  int in_pipe[2];
  int out_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0) return errno;
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    const int error = errno;
    ::close(in_pipe[0]);
    ::close(in_pipe[1]);
    return error;
  }
  FileActions actions;
  posix_spawn_file_actions_adddup2(&actions.value, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&actions.value, out_pipe[1], 1);
  // Nothing of ours beyond stdio reaches the child: no store handles, no sockets.
  posix_spawn_file_actions_addclosefrom_np(&actions.value, 3);
  SpawnAttributes attributes;
  sigset_t none;
  sigemptyset(&none);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  posix_spawnattr_setsigmask(&attributes.value, &none);
  posix_spawnattr_setsigdefault(&attributes.value, &defaults);
  // Its own process group: a Ctrl-C meant for the agent does not reach the children first.
  posix_spawnattr_setpgroup(&attributes.value, 0);
  posix_spawnattr_setflags(&attributes.value, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);

  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<char*> envp;
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  pid_t pid = -1;
  const int error = ::posix_spawnp(&pid, args[0], &actions.value, &attributes.value, args.data(), envp.data());
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  if (error != 0) {
    ::close(in_pipe[1]);
    ::close(out_pipe[0]);
    return error;
  }
  pid_ = pid;
  to_child_ = in_pipe[1];
  from_child_ = out_pipe[0];
  return 0;
}

bool ChildPipe::write_all(std::string_view data) {
  while (!data.empty()) {
    if (to_child_ < 0) return false;
    const ssize_t n = ::write(to_child_, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;  // EPIPE: the caller's process ignores SIGPIPE (Client::start sees to it)
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

long ChildPipe::read_some(char* buffer, std::size_t size) {
  for (;;) {
    const ssize_t n = ::read(from_child_, buffer, size);
    if (n < 0 && errno == EINTR) continue;
    return static_cast<long>(n);
  }
}


void ChildPipe::terminate(int grace_ms) {
  close_fd(to_child_);
  if (pid_ > 0 && !reaped_) {
    int status = 0;
    const auto wait_for = [&](int ms) {
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
      do {
        if (::waitpid(pid_, &status, WNOHANG) == pid_) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      } while (std::chrono::steady_clock::now() < deadline);
      return false;
    };
    if (!wait_for(grace_ms)) {
      // The whole group: `npx` and shells leave the real server as a grandchild.
      ::kill(-pid_, SIGTERM);
      if (!wait_for(2000)) {
        ::kill(-pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
      }
    }
    reaped_ = true;
    ::kill(-pid_, SIGKILL);  // grandchildren that outlived the leader
  }
}

}  // namespace conhub::mcp::detail
