// fake_website: the fake web site as a process, for end-to-end tests that spawn conhub-mcp
// against it. Prints its address on stderr once it accepts connections and serves until
// SIGINT or SIGTERM.
//   fake_website [--port N] [--host 127.0.0.1]      (port 0, the default, picks a free port)
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fake_website.hpp"

int main(int argc, char** argv) {
  int port = 0;
  std::string host = "127.0.0.1";
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--port" && i + 1 < argc) {
      port = std::atoi(argv[++i]);
    } else if (arg == "--host" && i + 1 < argc) {
      host = argv[++i];
    } else {
      std::fprintf(stderr, "usage: fake_website [--port N] [--host ADDRESS]\n");
      return 2;
    }
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  conhub::test::FakeWebsite site(host);
  try {
    site.start(port);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
  std::fprintf(stderr, "fake-website: listening on %s\n", site.base_url().c_str());
  std::fflush(stderr);
  int received = 0;
  sigwait(&signals, &received);
  site.stop();
  return 0;
}
