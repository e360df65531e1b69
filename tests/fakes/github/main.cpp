// fake_github: the fake GitHub REST API as a process, for end-to-end tests that spawn
// conhub-mcp against it. Prints its address on stderr once it accepts connections and
// serves until SIGINT or SIGTERM.
//   fake_github [--port N] [--token T]      (port 0, the default, picks a free port)
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fake_github.hpp"

int main(int argc, char** argv) {
  int port = 0;
  conhub::test::FakeGitHubOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--port" && i + 1 < argc) {
      port = std::atoi(argv[++i]);
    } else if (arg == "--token" && i + 1 < argc) {
      options.token = argv[++i];
    } else {
      std::fprintf(stderr, "usage: fake_github [--port N] [--token T]\n");
      return 2;
    }
  }
  // Block the stop signals before any thread starts, so only sigwait below receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  conhub::test::FakeGitHub server(options);
  try {
    server.start(port);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
  std::fprintf(stderr, "fake-github: listening on %s\n", server.base_url().c_str());
  std::fflush(stderr);
  int received = 0;
  sigwait(&signals, &received);
  server.stop();
  return 0;
}
