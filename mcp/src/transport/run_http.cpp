// run_http: HttpServer plus process concerns: the listening line on stderr (tests and
// scripts parse it), SIGTERM/SIGINT turned into a clean stop through a self-pipe.
#include <signal.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <thread>

#include "conhub/mcp/run.hpp"

namespace conhub::mcp {

namespace {

int g_stop_pipe[2] = {-1, -1};

void on_stop_signal(int signal_number) {
  const char byte = static_cast<char>(signal_number);
  [[maybe_unused]] auto ignored = ::write(g_stop_pipe[1], &byte, 1);
}

}  // namespace

int run_http(Server& server, HttpOptions options) {
  HttpServer http(server, options);
  auto port = http.bind();
  if (!port) {
    spdlog::error("{}", port.error().message);
    std::cerr << "conhub-mcp: " << port.error().message << std::endl;
    return 1;
  }
  if (::pipe(g_stop_pipe) != 0) {
    spdlog::error("cannot create the signal pipe: {}", std::strerror(errno));
    return 1;
  }
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGTERM, &action, nullptr);
  ::sigaction(SIGINT, &action, nullptr);
  ::signal(SIGPIPE, SIG_IGN);  // httplib sends without MSG_NOSIGNAL

  std::thread watcher([&http] {
    char byte = 0;
    while (::read(g_stop_pipe[0], &byte, 1) < 0 && errno == EINTR) {
    }
    if (byte != 0) spdlog::info("signal {} received: shutting down", static_cast<int>(byte));
    http.stop();
  });
  std::cerr << "conhub-mcp: listening on http://" << options.host << ":" << *port << std::endl;
  http.serve();
  const char wake = 0;
  [[maybe_unused]] auto ignored = ::write(g_stop_pipe[1], &wake, 1);
  watcher.join();
  ::signal(SIGTERM, SIG_DFL);
  ::signal(SIGINT, SIG_DFL);
  ::close(g_stop_pipe[0]);
  ::close(g_stop_pipe[1]);
  spdlog::info("HTTP server stopped");
  return 0;
}

}  // namespace conhub::mcp
