// The shared stdio client of the benchmarks (stdio_client.hpp).
#include "stdio_client.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <unordered_map>

namespace conhub::bench {

double micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

Clock::time_point after(double seconds) {
  return Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

std::string json_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

std::string clip(std::string_view s, std::size_t n) {
  return std::string(s.substr(0, n)) + (s.size() > n ? "..." : "");
}

std::string fmt_double(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size())));
  return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

// ---- JSON view -------------------------------------------------------------------------

std::size_t skip_ws(std::string_view s, std::size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) ++i;
  return i;
}

std::size_t skip_string(std::string_view s, std::size_t i) {
  for (++i; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '"') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

std::size_t skip_value(std::string_view s, std::size_t i) {
  if (i >= s.size()) return std::string_view::npos;
  if (s[i] == '"') return skip_string(s, i);
  if (s[i] == '{' || s[i] == '[') {
    int depth = 0;
    while (i < s.size()) {
      char c = s[i];
      if (c == '"') {
        i = skip_string(s, i);
        if (i == std::string_view::npos) return i;
        continue;
      }
      if (c == '{' || c == '[') ++depth;
      if (c == '}' || c == ']') {
        if (--depth == 0) return i + 1;
      }
      ++i;
    }
    return std::string_view::npos;
  }
  std::size_t start = i;
  while (i < s.size() && std::strchr(",}] \t\r\n", s[i]) == nullptr) ++i;
  return i == start ? std::string_view::npos : i;
}

std::optional<Message> parse_message(std::string_view s) {
  Message m;
  std::size_t i = skip_ws(s, 0);
  if (i >= s.size() || s[i] != '{') return std::nullopt;
  i = skip_ws(s, i + 1);
  if (i < s.size() && s[i] == '}') return skip_ws(s, i + 1) == s.size() ? std::optional(m) : std::nullopt;
  while (true) {
    if (i >= s.size() || s[i] != '"') return std::nullopt;
    std::size_t key_end = skip_string(s, i);
    if (key_end == std::string_view::npos) return std::nullopt;
    std::string_view key = s.substr(i + 1, key_end - i - 2);
    i = skip_ws(s, key_end);
    if (i >= s.size() || s[i] != ':') return std::nullopt;
    i = skip_ws(s, i + 1);
    std::size_t value_end = skip_value(s, i);
    if (value_end == std::string_view::npos) return std::nullopt;
    std::string_view value = s.substr(i, value_end - i);
    if (key == "id") m.id = value;
    if (key == "method") m.method = value;
    if (key == "result") m.result = value;
    if (key == "error") m.error = value;
    i = skip_ws(s, value_end);
    if (i < s.size() && s[i] == ',') {
      i = skip_ws(s, i + 1);
      continue;
    }
    if (i < s.size() && s[i] == '}') return skip_ws(s, i + 1) == s.size() ? std::optional(m) : std::nullopt;
    return std::nullopt;
  }
}

std::optional<long long> integer_id(std::string_view v) {
  long long id = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), id);
  if (ec != std::errc() || end != v.data() + v.size()) return std::nullopt;
  return id;
}

std::optional<std::string_view> string_member(std::string_view json, std::string_view key) {
  std::string quoted = "\"" + std::string(key) + "\"";
  std::size_t at = json.find(quoted);
  if (at == std::string_view::npos) return std::nullopt;
  std::size_t i = skip_ws(json, at + quoted.size());
  if (i >= json.size() || json[i] != ':') return std::nullopt;
  i = skip_ws(json, i + 1);
  if (i >= json.size() || json[i] != '"') return std::nullopt;
  std::size_t end = skip_string(json, i);
  if (end == std::string_view::npos) return std::nullopt;
  return json.substr(i + 1, end - i - 2);
}

std::optional<std::string_view> object_member(std::string_view s, std::string_view key) {
  std::size_t i = skip_ws(s, 0);
  if (i >= s.size() || s[i] != '{') return std::nullopt;
  i = skip_ws(s, i + 1);
  while (i < s.size() && s[i] == '"') {
    std::size_t key_end = skip_string(s, i);
    if (key_end == std::string_view::npos) return std::nullopt;
    std::string_view k = s.substr(i + 1, key_end - i - 2);
    i = skip_ws(s, key_end);
    if (i >= s.size() || s[i] != ':') return std::nullopt;
    i = skip_ws(s, i + 1);
    std::size_t value_end = skip_value(s, i);
    if (value_end == std::string_view::npos) return std::nullopt;
    if (k == key) return s.substr(i, value_end - i);
    i = skip_ws(s, value_end);
    if (i >= s.size() || s[i] != ',') return std::nullopt;
    i = skip_ws(s, i + 1);
  }
  return std::nullopt;
}

std::optional<std::string_view> first_element(std::string_view s) {
  std::size_t i = skip_ws(s, 0);
  if (i >= s.size() || s[i] != '[') return std::nullopt;
  i = skip_ws(s, i + 1);
  if (i >= s.size() || s[i] == ']') return std::nullopt;
  std::size_t end = skip_value(s, i);
  if (end == std::string_view::npos) return std::nullopt;
  return s.substr(i, end - i);
}

namespace {
void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::optional<unsigned> hex4(std::string_view s, std::size_t i) {
  if (i + 4 > s.size()) return std::nullopt;
  unsigned v = 0;
  auto [end, ec] = std::from_chars(s.data() + i, s.data() + i + 4, v, 16);
  if (ec != std::errc() || end != s.data() + i + 4) return std::nullopt;
  return v;
}
}  // namespace

std::optional<std::string> decode_string(std::string_view s) {
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') return std::nullopt;
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    char c = s[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i + 1 >= s.size()) return std::nullopt;
    switch (s[i]) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        auto cp = hex4(s, i + 1);
        if (!cp) return std::nullopt;
        i += 4;
        if (*cp >= 0xD800 && *cp < 0xDC00 && i + 6 < s.size() && s[i + 1] == '\\' && s[i + 2] == 'u') {
          auto low = hex4(s, i + 3);
          if (low && *low >= 0xDC00 && *low < 0xE000) {
            *cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
            i += 6;
          }
        }
        append_utf8(out, *cp);
        break;
      }
      default: return std::nullopt;
    }
  }
  return out;
}

// ---- Server ------------------------------------------------------------------------------

Server::Server(const std::vector<std::string>& argv, const std::string& log_path) {
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0)
    throw Failure(std::string("pipe2: ") + std::strerror(errno));
  int log_fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) throw Failure("cannot open server log " + log_path + ": " + std::strerror(errno));
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  pid_ = fork();
  if (pid_ < 0) throw Failure(std::string("fork: ") + std::strerror(errno));
  if (pid_ == 0) {
    // The server must not outlive the driver, even if the driver is killed.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(log_fd, 2);
    execvp(args[0], args.data());
    int e = errno;
    ssize_t ignored = write(err[1], &e, sizeof e);
    (void)ignored;
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  close(log_fd);
  in_fd_ = in[1];
  out_fd_ = out[0];
  int e = 0;
  ssize_t n;
  do {
    n = read(err[0], &e, sizeof e);
  } while (n < 0 && errno == EINTR);
  close(err[0]);
  if (n == sizeof e) {
    reap_blocking();
    throw Failure("cannot exec " + argv[0] + ": " + std::strerror(e));
  }
  fcntl(in_fd_, F_SETFL, fcntl(in_fd_, F_GETFL) | O_NONBLOCK);
  fcntl(out_fd_, F_SETFL, fcntl(out_fd_, F_GETFL) | O_NONBLOCK);
}

Server::~Server() {
  close_stdin();
  if (out_fd_ >= 0) close(out_fd_);
  if (pid_ > 0 && !exited_) {
    kill(pid_, SIGKILL);
    reap_blocking();
  }
}

void Server::close_stdin() {
  if (in_fd_ >= 0) close(in_fd_);
  in_fd_ = -1;
}

bool Server::finish(Clock::time_point deadline) {
  close_stdin();
  while (!exited_ && Clock::now() < deadline) {
    if (poll_exit()) break;
    usleep(1000);
  }
  if (exited_) return true;
  kill(pid_, SIGKILL);
  reap_blocking();
  return false;
}

std::string Server::describe_exit() {
  for (int i = 0; i < 1000 && !exited_; ++i) {
    if (!poll_exit()) usleep(1000);
  }
  if (!exited_) return "still running";
  if (WIFEXITED(status_)) return "exited with status " + std::to_string(WEXITSTATUS(status_));
  if (WIFSIGNALED(status_)) return std::string("killed by signal ") + strsignal(WTERMSIG(status_));
  return "ended";
}

bool Server::wait(Clock::time_point deadline, const char* phase) {
  flush(phase);
  pollfd fds[2] = {{out_fd_, POLLIN, 0}, {in_fd_, POLLOUT, 0}};
  nfds_t nfds = pending_.size() > written_ ? 2 : 1;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  if (left <= 0) throw Failure(std::string(phase) + ": deadline passed waiting for the server");
  int r = poll(fds, nfds, static_cast<int>(std::min<long long>(left + 1, 1000)));
  if (r < 0 && errno != EINTR) throw Failure(std::string("poll: ") + std::strerror(errno));
  if (nfds == 2 && (fds[1].revents & (POLLERR | POLLHUP)))
    throw Failure(std::string(phase) + ": server closed its stdin (" + describe_exit() + ")");
  return (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0;
}

void Server::flush(const char* phase) {
  while (written_ < pending_.size()) {
    ssize_t n = write(in_fd_, pending_.data() + written_, pending_.size() - written_);
    if (n > 0) {
      written_ += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      break;
    } else {
      throw Failure(std::string(phase) + ": writing to the server: " + std::strerror(errno) + " (" + describe_exit() + ")");
    }
  }
  if (written_ == pending_.size()) {
    pending_.clear();
    written_ = 0;
  }
}

bool Server::read_chunk(const char* phase) {
  char chunk[65536];
  ssize_t n = read(out_fd_, chunk, sizeof chunk);
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return false;
  if (n < 0) throw Failure(std::string(phase) + ": reading from the server: " + std::strerror(errno));
  if (n == 0) throw Failure(std::string(phase) + ": server closed its stdout (" + describe_exit() + ")");
  inbuf_.append(chunk, static_cast<std::size_t>(n));
  return true;
}

bool Server::poll_exit() {
  if (exited_) return true;
  if (waitpid(pid_, &status_, WNOHANG) == pid_) exited_ = true;
  return exited_;
}

void Server::reap_blocking() {
  while (!exited_) {
    if (waitpid(pid_, &status_, 0) == pid_ || errno != EINTR) exited_ = true;
  }
}

// ---- /proc readings -----------------------------------------------------------------

long proc_status_kib(pid_t pid, std::string_view field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.compare(0, field.size(), field) == 0 && line.size() > field.size() && line[field.size()] == ':')
      return std::strtol(line.c_str() + field.size() + 1, nullptr, 10);
  }
  return -1;
}

double proc_cpu_us(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::size_t close_paren = stat.rfind(')');
  if (close_paren == std::string::npos) return -1;
  // The fields after "comm)" start with field 3 (state); utime and stime are fields 14 and 15.
  std::vector<std::string> fields;
  std::string field;
  for (std::size_t i = close_paren + 2; i <= stat.size(); ++i) {
    if (i == stat.size() || stat[i] == ' ') {
      fields.push_back(field);
      field.clear();
    } else {
      field += stat[i];
    }
  }
  if (fields.size() < 13) return -1;
  double ticks = std::strtod(fields[14 - 3].c_str(), nullptr) + std::strtod(fields[15 - 3].c_str(), nullptr);
  return ticks * 1e6 / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double self_cpu_us() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto us = [](const timeval& t) { return static_cast<double>(t.tv_sec) * 1e6 + static_cast<double>(t.tv_usec); };
  return us(ru.ru_utime) + us(ru.ru_stime);
}

// ---- the protocol steps ---------------------------------------------------------------

std::optional<long long> classify(std::string_view line, const char* phase, Server& server, Extras& extras) {
  auto m = parse_message(line);
  if (!m) throw Failure(std::string(phase) + ": server wrote a line that is not a JSON object: " + clip(line));
  if (m->method) {
    if (!m->id) {
      ++extras.notifications;
      return std::nullopt;
    }
    if (*m->method == "\"ping\"") {
      ++extras.pings;
      server.queue(R"({"jsonrpc":"2.0","id":)" + std::string(*m->id) + R"(,"result":{}})" + "\n");
      return std::nullopt;
    }
    throw Failure(std::string(phase) + ": server sent a request the bench does not serve: " + clip(line));
  }
  if (!m->id) throw Failure(std::string(phase) + ": server response without an id: " + clip(line));
  auto id = integer_id(*m->id);
  if (!id) throw Failure(std::string(phase) + ": response id is not one the driver sent: " + clip(line));
  if (m->error) throw Failure(std::string(phase) + ": server answered id " + std::to_string(*id) +
                              " with an error: " + clip(*m->error));
  if (!m->result) throw Failure(std::string(phase) + ": response has neither result nor error: " + clip(line));
  return id;
}

std::string initialize(Server& server, Clock::time_point deadline, const char* phase, Extras& extras,
                       std::string_view client_name) {
  server.queue(std::string(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":")") +
               std::string(kProtocolVersion) + R"(","capabilities":{},"clientInfo":{"name":")" + std::string(client_name) +
               R"(","version":"1.0.0"}}})" + "\n");
  std::optional<std::string> version;
  while (!version) {
    server.pump(deadline, phase, [&](std::string_view line) {
      auto id = classify(line, phase, server, extras);
      if (!id) return;
      if (*id != 0) throw Failure(std::string(phase) + ": response to id " + std::to_string(*id) + " before initialize");
      auto m = parse_message(line);
      auto v = string_member(*m->result, "protocolVersion");
      if (!v) throw Failure(std::string(phase) + ": initialize result has no protocolVersion: " + clip(line));
      version = std::string(*v);
    });
  }
  return *version;
}

RunStats run_calls(Server& server, long long& next_id, long total, double window_s, int in_flight, double timeout_s,
                   const char* phase, Extras& extras, const CallSpec& spec) {
  RunStats stats;
  std::unordered_map<long long, Clock::time_point> outstanding;
  outstanding.reserve(static_cast<std::size_t>(in_flight) * 2);
  std::string batch;
  long sent = 0;
  auto start = Clock::now();
  auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeout_s));
  auto window_end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(window_s));
  auto last = start;
  auto may_send = [&](Clock::time_point now) { return (total <= 0 || sent < total) && (window_s <= 0 || now < window_end); };
  auto send_more = [&](Clock::time_point now) {
    while (static_cast<int>(outstanding.size()) < in_flight && may_send(now)) {
      spec.append(batch, next_id);
      outstanding.emplace(next_id++, now);
      ++sent;
    }
    server.queue(batch);
    batch.clear();
  };
  send_more(start);
  while (!outstanding.empty()) {
    server.pump(deadline, phase, [&](std::string_view line) {
      auto now = Clock::now();
      auto id = classify(line, phase, server, extras);
      if (!id) return;
      last = now;
      auto it = outstanding.find(*id);
      if (it == outstanding.end())
        throw Failure(std::string(phase) + ": response for id " + std::to_string(*id) + " that is not outstanding");
      spec.check(*parse_message(line)->result, *id, phase);
      stats.latencies_us.push_back(micros(last - it->second));
      outstanding.erase(it);
      ++stats.calls;
    });
    send_more(Clock::now());
  }
  stats.seconds = std::chrono::duration<double>(last - start).count();
  return stats;
}

std::string result_head(std::string_view label, const std::vector<std::string>& argv) {
  std::string out = "{\"label\":\"" + json_escape(label) + "\",\"command\":[";
  for (std::size_t i = 0; i < argv.size(); ++i) out += (i ? ",\"" : "\"") + json_escape(argv[i]) + "\"";
  return out + "]";
}

int print_run(std::string_view driver, std::string_view label, std::string_view server_log,
              const std::function<std::string()>& run) {
  signal(SIGPIPE, SIG_IGN);
  try {
    std::string line = run();
    std::printf("%s\n", line.c_str());
    return 0;
  } catch (const Failure& e) {
    std::fprintf(stderr, "%.*s [%.*s]: %s (server stderr: %.*s)\n", static_cast<int>(driver.size()), driver.data(),
                 static_cast<int>(label.size()), label.data(), e.what(), static_cast<int>(server_log.size()),
                 server_log.data());
    std::printf("{\"label\":\"%s\",\"error\":\"%s\"}\n", json_escape(label).c_str(), json_escape(e.what()).c_str());
    return 1;
  }
}

}  // namespace conhub::bench
