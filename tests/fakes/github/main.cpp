// fake_github: the fake GitHub REST API as a process, for end-to-end tests that spawn
// conhub-mcp against it. Prints its address on stderr once it accepts connections and
// serves until SIGINT or SIGTERM.
//   fake_github [--port N] [--token T]      (port 0, the default, picks a free port)
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "../serve_until_signal.hpp"
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
  conhub::test::FakeGitHub server(options);
  return conhub::test::serve_until_signal(server, port, "fake-github");
}
