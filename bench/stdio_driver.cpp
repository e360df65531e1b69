// stdio_driver: the one lean MCP stdio client of the benchmark. It spawns one server
// command (fork/exec, no shell), speaks newline-delimited JSON-RPC over pipes with
// poll(2), measures cold start, sequential tools/call latency, throughput with 1/8/64
// calls in flight and the server's peak RSS, and prints one JSON line on stdout.
// Every response is checked (id, result, echoed payload); any misbehaviour, death or
// missed deadline of the server ends the run with exit status 1 and an "error" line.
// Single-threaded; Linux only (reads /proc/<pid>/status and /proc/<pid>/stat).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// The text every tools/call sends; bench/floor_stub.c answers with the same text.
constexpr std::string_view kPayload = "conhub-bench-payload-0123456789";
constexpr std::string_view kProtocolVersion = "2025-11-25";
constexpr std::size_t kMaxLine = 16u << 20;
constexpr int kInFlight[] = {1, 8, 64};

struct Failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Options {
  std::string label = "server";
  int cold_runs = 20;
  int warmup = 200;
  int seq_calls = 2000;
  double tp_seconds = 3;
  double phase_timeout_s = 60;
  double spawn_timeout_s = 20;
  std::string server_log = "/dev/null";
  std::vector<std::string> argv;
};

double micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

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

std::string clip(std::string_view s, std::size_t n = 300) {
  return std::string(s.substr(0, n)) + (s.size() > n ? "..." : "");
}

// ---- a minimal view of one JSON-RPC message: its top-level members only ----------

std::size_t skip_ws(std::string_view s, std::size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) ++i;
  return i;
}

// Returns the index after the string that opens at s[i] == '"', or npos.
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

// Returns the index after the JSON value that starts at s[i], or npos.
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

struct Message {
  std::optional<std::string_view> id, method, result, error;
};

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

// The string value of the first `"key": "..."` inside `json` (no unescaping), if any.
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

// ---- the server process and its pipes ---------------------------------------------

class Server {
 public:
  Server(const std::vector<std::string>& argv, const std::string& log_path) {
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
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  ~Server() {
    close_stdin();
    if (out_fd_ >= 0) close(out_fd_);
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      reap_blocking();
    }
  }

  pid_t pid() const { return pid_; }

  void close_stdin() {
    if (in_fd_ >= 0) close(in_fd_);
    in_fd_ = -1;
  }

  // After stdin EOF: waits until `deadline` for the server to exit by itself, then kills it.
  // Returns true when it exited by itself.
  bool finish(Clock::time_point deadline) {
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

  // What happened to the process, for error messages; waits up to 1 s for it to go.
  std::string describe_exit() {
    for (int i = 0; i < 1000 && !exited_; ++i) {
      if (!poll_exit()) usleep(1000);
    }
    if (!exited_) return "still running";
    if (WIFEXITED(status_)) return "exited with status " + std::to_string(WEXITSTATUS(status_));
    if (WIFSIGNALED(status_)) return std::string("killed by signal ") + strsignal(WTERMSIG(status_));
    return "ended";
  }

  // Queues bytes for the server's stdin; they are written by pump().
  void queue(std::string_view bytes) { pending_.append(bytes); }

  // Writes what it can of the queue, waits for readable output until `deadline` and hands
  // each complete line to on_line. Returns after one round of input (or when the deadline
  // passes: then it throws).
  template <class OnLine>
  void pump(Clock::time_point deadline, const char* phase, OnLine&& on_line) {
    flush(phase);
    pollfd fds[2] = {{out_fd_, POLLIN, 0}, {in_fd_, POLLOUT, 0}};
    nfds_t nfds = pending_.size() > written_ ? 2 : 1;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) throw Failure(std::string(phase) + ": deadline passed waiting for the server");
    int r = poll(fds, nfds, static_cast<int>(std::min<long long>(left + 1, 1000)));
    if (r < 0 && errno != EINTR) throw Failure(std::string("poll: ") + std::strerror(errno));
    if (nfds == 2 && (fds[1].revents & (POLLERR | POLLHUP)))
      throw Failure(std::string(phase) + ": server closed its stdin (" + describe_exit() + ")");
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) read_lines(phase, on_line);
  }

 private:
  void flush(const char* phase) {
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

  template <class OnLine>
  void read_lines(const char* phase, OnLine& on_line) {
    char chunk[65536];
    ssize_t n = read(out_fd_, chunk, sizeof chunk);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (n < 0) throw Failure(std::string(phase) + ": reading from the server: " + std::strerror(errno));
    if (n == 0) throw Failure(std::string(phase) + ": server closed its stdout (" + describe_exit() + ")");
    std::size_t scanned = inbuf_.size();
    inbuf_.append(chunk, static_cast<std::size_t>(n));
    std::size_t start = 0;
    for (std::size_t nl; (nl = inbuf_.find('\n', scanned)) != std::string::npos; scanned = start = nl + 1) {
      std::string_view line(inbuf_.data() + start, nl - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      on_line(line);
    }
    inbuf_.erase(0, start);
    if (inbuf_.size() > kMaxLine) throw Failure(std::string(phase) + ": server line longer than 16 MiB");
  }

  bool poll_exit() {
    if (exited_) return true;
    if (waitpid(pid_, &status_, WNOHANG) == pid_) exited_ = true;
    return exited_;
  }

  void reap_blocking() {
    while (!exited_) {
      if (waitpid(pid_, &status_, 0) == pid_ || errno != EINTR) exited_ = true;
    }
  }

  pid_t pid_ = -1;
  int in_fd_ = -1;
  int out_fd_ = -1;
  int status_ = 0;
  bool exited_ = false;
  std::string pending_;
  std::size_t written_ = 0;
  std::string inbuf_;
};

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

// utime + stime of the process, in microseconds.
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

std::string initialize_request() {
  return std::string(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":")") +
         std::string(kProtocolVersion) +
         R"(","capabilities":{},"clientInfo":{"name":"conhub-stdio-driver","version":"1.0.0"}}})" + "\n";
}

constexpr std::string_view kInitialized = R"({"jsonrpc":"2.0","method":"notifications/initialized"})"
                                          "\n";

// The tool every call names: conhub_echo, or e.g. hub__conhub_echo through the gateway.
std::string g_tool = "conhub_echo";

void append_call(std::string& out, long long id) {
  char buf[256];
  int n = std::snprintf(buf, sizeof buf,
                        R"({"jsonrpc":"2.0","id":%lld,"method":"tools/call","params":{"name":"%s",)"
                        R"("arguments":{"text":"%.*s"}}})"
                        "\n",
                        id, g_tool.c_str(), static_cast<int>(kPayload.size()), kPayload.data());
  out.append(buf, static_cast<std::size_t>(n));
}

// Counts what the server sends besides responses.
struct Extras {
  long notifications = 0;
  long pings = 0;
};

// Checks one line from the server. Returns the id of a response; handles notifications
// and pings (nullopt). Anything else is a failure.
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

void check_echo(std::string_view result, long long id, const char* phase) {
  std::string quoted = "\"" + std::string(kPayload) + "\"";
  bool is_error = result.find("\"isError\":true") != std::string_view::npos ||
                  result.find("\"isError\": true") != std::string_view::npos;
  if (is_error || result.find(quoted) == std::string_view::npos)
    throw Failure(std::string(phase) + ": id " + std::to_string(id) + " is not the echo of the payload: " + clip(result));
}

// Sends initialize and waits for its response. Returns the negotiated protocolVersion.
std::string initialize(Server& server, Clock::time_point deadline, const char* phase, Extras& extras) {
  server.queue(initialize_request());
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

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Nearest-rank percentile, p in (0, 1].
double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size())));
  return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

// Keeps `in_flight` tools/call requests outstanding until `total` calls have been sent
// (total > 0) or `window_s` seconds have passed (window_s > 0), then drains the
// outstanding ones. Replies that arrive in one read are answered with one write.
struct RunStats {
  long calls = 0;
  double seconds = 0;
  std::vector<double> latencies_us;
};

RunStats run_calls(Server& server, long long& next_id, long total, double window_s, int in_flight, double timeout_s,
                   const char* phase, Extras& extras) {
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
      append_call(batch, next_id);
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
      check_echo(*parse_message(line)->result, *id, phase);
      stats.latencies_us.push_back(micros(last - it->second));
      outstanding.erase(it);
      ++stats.calls;
    });
    send_more(Clock::now());
  }
  stats.seconds = std::chrono::duration<double>(last - start).count();
  return stats;
}

Clock::time_point after(double seconds) {
  return Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

std::string fmt_double(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string run_bench(const Options& opt) {
  Extras extras;
  std::string out = "{\"label\":\"" + json_escape(opt.label) + "\",\"command\":[";
  for (std::size_t i = 0; i < opt.argv.size(); ++i) out += (i ? ",\"" : "\"") + json_escape(opt.argv[i]) + "\"";
  out += "]";

  // 1. Cold start: fork/exec to the initialize response, each run a fresh process.
  std::vector<double> cold_ms;
  int cold_kills = 0;
  std::string version;
  for (int i = 0; i < opt.cold_runs; ++i) {
    auto t0 = Clock::now();
    Server server(opt.argv, opt.server_log);
    version = initialize(server, t0 + std::chrono::duration_cast<Clock::duration>(
                                          std::chrono::duration<double>(opt.spawn_timeout_s)),
                         "cold start", extras);
    cold_ms.push_back(micros(Clock::now() - t0) / 1000.0);
    if (!server.finish(after(5))) ++cold_kills;
  }
  out += ",\"protocol_version\":\"" + json_escape(version) + "\"";
  out += ",\"cold_start_ms\":{\"runs\":" + std::to_string(opt.cold_runs) +
         ",\"median\":" + fmt_double(median(cold_ms), 3) +
         ",\"min\":" + fmt_double(cold_ms.empty() ? 0 : *std::min_element(cold_ms.begin(), cold_ms.end()), 3) +
         ",\"max\":" + fmt_double(cold_ms.empty() ? 0 : *std::max_element(cold_ms.begin(), cold_ms.end()), 3) +
         ",\"killed_after_eof\":" + std::to_string(cold_kills) + "}";

  // 2. One session: initialize, notifications/initialized, then the measured phases.
  Server server(opt.argv, opt.server_log);
  initialize(server, after(opt.spawn_timeout_s), "initialize", extras);
  server.queue(kInitialized);
  long long next_id = 1;

  run_calls(server, next_id, opt.warmup, 0, 1, opt.phase_timeout_s, "warm-up", extras);
  RunStats seq = run_calls(server, next_id, opt.seq_calls, 0, 1, opt.phase_timeout_s, "sequential", extras);
  out += ",\"sequential\":{\"calls\":" + std::to_string(opt.seq_calls) +
         ",\"p50_us\":" + fmt_double(percentile(seq.latencies_us, 0.5), 1) +
         ",\"p99_us\":" + fmt_double(percentile(seq.latencies_us, 0.99), 1) + "}";

  out += ",\"throughput\":[";
  for (int k : kInFlight) {
    std::string phase = "throughput@" + std::to_string(k);
    double server_cpu0 = proc_cpu_us(server.pid()), self_cpu0 = self_cpu_us();
    RunStats tp = run_calls(server, next_id, 0, opt.tp_seconds, k, opt.phase_timeout_s, phase.c_str(), extras);
    double server_cpu = proc_cpu_us(server.pid()) - server_cpu0, self_cpu = self_cpu_us() - self_cpu0;
    if (k != kInFlight[0]) out += ",";
    out += "{\"in_flight\":" + std::to_string(k) + ",\"calls\":" + std::to_string(tp.calls) +
           ",\"seconds\":" + fmt_double(tp.seconds, 4) +
           ",\"calls_per_s\":" + fmt_double(static_cast<double>(tp.calls) / tp.seconds, 1) +
           ",\"p50_us\":" + fmt_double(percentile(tp.latencies_us, 0.5), 1) +
           ",\"p99_us\":" + fmt_double(percentile(tp.latencies_us, 0.99), 1) +
           ",\"server_cpu_us_per_call\":" + fmt_double(server_cpu / static_cast<double>(tp.calls), 2) +
           ",\"driver_cpu_us_per_call\":" + fmt_double(self_cpu / static_cast<double>(tp.calls), 2) + "}";
  }
  out += "]";

  // 3. Peak RSS after the 64-in-flight run, before the session ends.
  long hwm = proc_status_kib(server.pid(), "VmHWM");
  long rss = proc_status_kib(server.pid(), "VmRSS");
  long threads = proc_status_kib(server.pid(), "Threads");
  if (hwm < 0) throw Failure("cannot read VmHWM of pid " + std::to_string(server.pid()));
  out += ",\"peak_rss_kib\":" + std::to_string(hwm) + ",\"rss_kib\":" + std::to_string(rss) +
         ",\"threads\":" + std::to_string(threads);

  bool clean = server.finish(after(5));
  out += ",\"exit_on_eof\":" + std::string(clean ? "true" : "false");
  out += ",\"server_notifications\":" + std::to_string(extras.notifications) +
         ",\"server_pings\":" + std::to_string(extras.pings) + "}";
  return out;
}

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "stdio_driver: %s\n"
               "usage: stdio_driver [--label NAME] [--tool NAME] [--cold-runs N] [--warmup N] [--seq N] [--seconds S]\n"
               "                    [--phase-timeout SECONDS] [--spawn-timeout SECONDS] [--server-log PATH]\n"
               "                    -- COMMAND [ARGS...]\n",
               why);
  std::exit(2);
}

Options parse_args(int argc, char** argv) {
  Options opt;
  int i = 1;
  auto value = [&](const char* flag) -> std::string {
    if (i + 1 >= argc) usage((std::string(flag) + " needs a value").c_str());
    return argv[++i];
  };
  auto count = [&](const char* flag) {
    int n = std::atoi(value(flag).c_str());
    if (n < 1) usage((std::string(flag) + " must be a positive integer").c_str());
    return n;
  };
  for (; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--") {
      opt.argv.assign(argv + i + 1, argv + argc);
      break;
    }
    if (a == "--label") opt.label = value("--label");
    else if (a == "--tool") g_tool = value("--tool");
    else if (a == "--cold-runs") opt.cold_runs = count("--cold-runs");
    else if (a == "--warmup") opt.warmup = count("--warmup");
    else if (a == "--seq") opt.seq_calls = count("--seq");
    else if (a == "--seconds") opt.tp_seconds = std::atof(value("--seconds").c_str());
    else if (a == "--phase-timeout") opt.phase_timeout_s = std::atof(value("--phase-timeout").c_str());
    else if (a == "--spawn-timeout") opt.spawn_timeout_s = std::atof(value("--spawn-timeout").c_str());
    else if (a == "--server-log") opt.server_log = value("--server-log");
    else usage(("unknown option " + a).c_str());
  }
  if (opt.argv.empty()) usage("no server command after --");
  if (opt.phase_timeout_s <= 0 || opt.spawn_timeout_s <= 0 || opt.tp_seconds <= 0)
    usage("timeouts and --seconds must be positive");
  if (opt.tp_seconds >= opt.phase_timeout_s) usage("--seconds must be below --phase-timeout");
  return opt;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt = parse_args(argc, argv);
  signal(SIGPIPE, SIG_IGN);
  try {
    std::string line = run_bench(opt);
    std::printf("%s\n", line.c_str());
    return 0;
  } catch (const Failure& e) {
    std::fprintf(stderr, "stdio_driver [%s]: %s (server stderr: %s)\n", opt.label.c_str(), e.what(),
                 opt.server_log.c_str());
    std::printf("{\"label\":\"%s\",\"error\":\"%s\"}\n", json_escape(opt.label).c_str(), json_escape(e.what()).c_str());
    return 1;
  }
}
