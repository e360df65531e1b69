// fake_website: the fake web site as a process, for end-to-end tests that spawn conhub-mcp
// against it. Prints its address on stderr once it accepts connections and serves until
// SIGINT or SIGTERM.
//   fake_website [--port N] [--host 127.0.0.1]      (port 0, the default, picks a free port)
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "../serve_until_signal.hpp"
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
  conhub::test::FakeWebsite site(host);
  return conhub::test::serve_until_signal(site, port, "fake-website");
}
