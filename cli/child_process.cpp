#include "child_process.hpp"

#include <cerrno>

#include <spawn.h>
#include <sys/wait.h>

namespace conhub::cli {

namespace {

// Frees the spawn attributes however start() leaves.
struct SpawnSetup {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attributes);
  }
  ~SpawnSetup() {
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
  }
};

std::vector<char*> pointers(const std::vector<std::string>& words) {
  std::vector<char*> out;
  out.reserve(words.size() + 1);
  for (const auto& w : words) out.push_back(const_cast<char*>(w.c_str()));  // exec's signature is not const
  out.push_back(nullptr);
  return out;
}

int exit_code_for_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

}  // namespace

ChildProcess::ChildProcess() {
  sigemptyset(&forwarded_);
  for (int s : {SIGINT, SIGTERM, SIGHUP, SIGCHLD}) sigaddset(&forwarded_, s);
  sigprocmask(SIG_BLOCK, &forwarded_, &old_mask_);
  // An inherited SIG_IGN for SIGCHLD would make the kernel reap the child itself, and
  // wait() could never learn its exit status.
  std::signal(SIGCHLD, SIG_DFL);
}

ChildProcess::~ChildProcess() { sigprocmask(SIG_SETMASK, &old_mask_, nullptr); }

int ChildProcess::start(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
  if (argv.empty()) return ENOENT;
  SpawnSetup setup;
  // Every descriptor above stderr stays with us: the database, the key file, sockets.
  if (int rc = posix_spawn_file_actions_addclosefrom_np(&setup.actions, 3); rc != 0) return rc;
  // The child starts with the mask we were given, not the one blocking the forwarded signals.
  posix_spawnattr_setsigmask(&setup.attributes, &old_mask_);
  posix_spawnattr_setflags(&setup.attributes, POSIX_SPAWN_SETSIGMASK);
  auto args = pointers(argv);
  auto envp = pointers(env);
  // glibc reports a failed exec (not found, not executable) as this call's result.
  const int rc = posix_spawnp(&pid_, argv.front().c_str(), &setup.actions, &setup.attributes, args.data(), envp.data());
  if (rc != 0) pid_ = -1;
  return rc;
}

int ChildProcess::wait() {
  if (pid_ <= 0) return 1;
  for (;;) {
    siginfo_t info{};
    const int signal_number = sigwaitinfo(&forwarded_, &info);
    if (signal_number < 0) {
      if (errno == EINTR) continue;
      break;  // cannot happen with a valid set; fall back to a plain wait below
    }
    if (signal_number == SIGCHLD) {
      int status = 0;
      const pid_t done = waitpid(pid_, &status, WNOHANG);
      if (done == pid_) return exit_code_for_status(status);
      if (done < 0 && errno == ECHILD) return 1;
      continue;  // a stop or continue, not an exit
    }
    // Ctrl-C at a terminal (SI_KERNEL) already reached the child: it is in our foreground
    // process group. Forwarding it again would make it see two, and many programs treat a
    // second SIGINT as "quit now".
    if (signal_number == SIGINT && info.si_code == SI_KERNEL) continue;
    kill(pid_, signal_number);
  }
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0) {
    if (errno != EINTR) return 1;
  }
  return exit_code_for_status(status);
}

int exit_code_for_start_error(int error_number) { return error_number == ENOENT || error_number == ENOTDIR ? 127 : 126; }

}  // namespace conhub::cli
