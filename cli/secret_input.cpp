#include "secret_input.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace conhub::cli {

namespace {

constexpr std::size_t kMaxSecretBytes = 64 * 1024;

store::Result<store::Secret> parse_and_wipe(std::string& text) {
  auto secret = store::Secret::parse(text);
  store::wipe_string(text);
  return secret;
}

store::Result<store::Secret> from_stdin() {
  std::string text;
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n < 0) return store::Error{store::ErrorKind::kIo, "cannot read the secret from stdin"};
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > kMaxSecretBytes) {
      store::wipe_string(text);
      return store::Error{store::ErrorKind::kInvalid, "the secret on stdin is larger than 64 KiB"};
    }
  }
  store::wipe_bytes(buffer, sizeof buffer);
  return parse_and_wipe(text);
}

store::Result<store::Secret> from_terminal(const std::string& prompt) {
  const int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0) return store::Error{store::ErrorKind::kIo, "no terminal to prompt on: pipe the secret on stdin or use --from-env VAR"};
  termios saved{};
  const bool is_tty = ::tcgetattr(fd, &saved) == 0;
  if (is_tty) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    ::tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  (void)::write(fd, prompt.data(), prompt.size());
  std::string text;
  char c = 0;
  while (::read(fd, &c, 1) == 1 && c != '\n' && text.size() <= kMaxSecretBytes) text.push_back(c);
  store::wipe_bytes(&c, 1);
  if (is_tty) ::tcsetattr(fd, TCSAFLUSH, &saved);
  ::close(fd);
  return parse_and_wipe(text);
}

}  // namespace

store::Result<store::Secret> read_secret(const std::optional<std::string>& from_env, const std::string& prompt) {
  if (from_env) {
    const char* value = std::getenv(from_env->c_str());
    if (value == nullptr || *value == '\0')
      return store::Error{store::ErrorKind::kInvalid, "environment variable " + *from_env + " is not set or empty"};
    return store::Secret::parse(value);
  }
  if (::isatty(STDIN_FILENO) == 0) return from_stdin();
  return from_terminal(prompt);
}

}  // namespace conhub::cli
