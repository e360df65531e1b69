// serve_until_signal: the rest of main() for a fake provider executable (fake_github,
// fake_website) once its arguments are parsed: start on `port`, print "NAME: listening on
// URL" on stderr (the end-to-end tests wait for that line), serve until SIGINT or SIGTERM.
#pragma once

#include <csignal>
#include <cstdio>
#include <exception>

namespace conhub::test {

template <typename Fake>
int serve_until_signal(Fake& fake, int port, const char* name) {
  // Block the stop signals before start() runs any thread, so only sigwait receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  try {
    fake.start(port);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
  std::fprintf(stderr, "%s: listening on %s\n", name, fake.base_url().c_str());
  std::fflush(stderr);
  int received = 0;
  sigwait(&signals, &received);
  fake.stop();
  return 0;
}

}  // namespace conhub::test
