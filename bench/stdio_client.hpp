// The benchmarks' lean MCP stdio client, shared by stdio_driver (the echo benchmark) and
// files_driver (the files benchmark): one server process spawned with fork/exec (no shell),
// newline-delimited JSON-RPC over pipes with poll(2), a top-level-members view of each
// message, and the loop that keeps N tools/call requests in flight and checks every reply.
// Single-threaded; Linux only (reads /proc/<pid>/status and /proc/<pid>/stat).
#pragma once

#include <sys/types.h>

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstring>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace conhub::bench {

using Clock = std::chrono::steady_clock;

inline constexpr std::string_view kProtocolVersion = "2025-11-25";
inline constexpr std::size_t kMaxLine = 16u << 20;

/// Ends a server's run; the message goes into the driver's {"error":…} line.
struct Failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

double micros(Clock::duration d);
Clock::time_point after(double seconds);
std::string json_escape(std::string_view s);
std::string clip(std::string_view s, std::size_t n = 300);
std::string fmt_double(double v, int decimals);
double median(std::vector<double> v);
/// Nearest-rank percentile, p in (0, 1].
double percentile(std::vector<double> v, double p);

// ---- a minimal view of one JSON-RPC message: its top-level members only ----------

std::size_t skip_ws(std::string_view s, std::size_t i);
/// The index after the string that opens at s[i] == '"', or npos.
std::size_t skip_string(std::string_view s, std::size_t i);
/// The index after the JSON value that starts at s[i], or npos.
std::size_t skip_value(std::string_view s, std::size_t i);

struct Message {
  std::optional<std::string_view> id, method, result, error;
};
std::optional<Message> parse_message(std::string_view s);
std::optional<long long> integer_id(std::string_view v);
/// The string value of the first `"key": "..."` inside `json` (no unescaping), if any.
std::optional<std::string_view> string_member(std::string_view json, std::string_view key);
/// The raw value of member `key` of the JSON object `object` (top level only), if any.
std::optional<std::string_view> object_member(std::string_view object, std::string_view key);
/// The raw first element of the JSON array `array`, if any.
std::optional<std::string_view> first_element(std::string_view array);
/// Decodes the JSON string `quoted` (with its quotes); nullopt when it is not a valid one.
std::optional<std::string> decode_string(std::string_view quoted);

// ---- the server process and its pipes ---------------------------------------------

class Server {
 public:
  Server(const std::vector<std::string>& argv, const std::string& log_path);
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  ~Server();

  pid_t pid() const { return pid_; }
  void close_stdin();
  /// After stdin EOF: waits until `deadline` for the server to exit by itself, then kills it.
  /// Returns true when it exited by itself.
  bool finish(Clock::time_point deadline);
  /// What happened to the process, for error messages; waits up to 1 s for it to go.
  std::string describe_exit();
  /// Queues bytes for the server's stdin; they are written by pump().
  void queue(std::string_view bytes) { pending_.append(bytes); }

  /// Writes what it can of the queue, waits for readable output until `deadline` and hands
  /// each complete line to on_line. Returns after one round of input (or when the deadline
  /// passes: then it throws).
  template <class OnLine>
  void pump(Clock::time_point deadline, const char* phase, OnLine&& on_line) {
    if (wait(deadline, phase)) read_lines(phase, on_line);
  }

 private:
  void flush(const char* phase);
  /// Flushes, polls; true when stdout has something to read.
  bool wait(Clock::time_point deadline, const char* phase);
  /// Appends one read(2) to the input buffer; false when nothing was there.
  bool read_chunk(const char* phase);

  template <class OnLine>
  void read_lines(const char* phase, OnLine& on_line) {
    std::size_t scanned = inbuf_.size();
    if (!read_chunk(phase)) return;
    std::size_t start = 0;
    for (std::size_t nl; (nl = inbuf_.find('\n', scanned)) != std::string::npos; scanned = start = nl + 1) {
      std::string_view line(inbuf_.data() + start, nl - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      on_line(line);
    }
    inbuf_.erase(0, start);
    if (inbuf_.size() > kMaxLine) throw Failure(std::string(phase) + ": server line longer than 16 MiB");
  }

  bool poll_exit();
  void reap_blocking();

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

long proc_status_kib(pid_t pid, std::string_view field);
/// utime + stime of the process, in microseconds.
double proc_cpu_us(pid_t pid);
double self_cpu_us();

// ---- the protocol steps ---------------------------------------------------------------

inline constexpr std::string_view kInitialized = R"({"jsonrpc":"2.0","method":"notifications/initialized"})"
                                                 "\n";

/// Counts what the server sends besides responses.
struct Extras {
  long notifications = 0;
  long pings = 0;
};

/// Checks one line from the server. Returns the id of a response; handles notifications
/// and pings (nullopt). Anything else is a failure.
std::optional<long long> classify(std::string_view line, const char* phase, Server& server, Extras& extras);

/// Sends initialize (clientInfo `client_name`) and waits for its response. Returns the
/// negotiated protocolVersion.
std::string initialize(Server& server, Clock::time_point deadline, const char* phase, Extras& extras,
                       std::string_view client_name);

/// One kind of tools/call: how a request with a given id is written, and how its result
/// (the raw JSON of `result`) is checked; check throws Failure when the answer is wrong.
struct CallSpec {
  std::function<void(std::string& out, long long id)> append;
  std::function<void(std::string_view result, long long id, const char* phase)> check;
};

struct RunStats {
  long calls = 0;
  double seconds = 0;
  std::vector<double> latencies_us;
};

/// Keeps `in_flight` requests outstanding until `total` calls have been sent (total > 0) or
/// `window_s` seconds have passed (window_s > 0), then drains the outstanding ones. Replies
/// that arrive in one read are answered with one write.
RunStats run_calls(Server& server, long long& next_id, long total, double window_s, int in_flight, double timeout_s,
                   const char* phase, Extras& extras, const CallSpec& spec);

// ---- the driver's output ---------------------------------------------------------------

/// The opening of a driver's result line: `{"label":…,"command":[…]` (no closing brace).
std::string result_head(std::string_view label, const std::vector<std::string>& argv);

/// Ignores SIGPIPE, runs `run` and prints its JSON line on stdout; on a Failure prints
/// `{"label":…,"error":…}` instead (and the message on stderr, prefixed by `driver`).
/// Returns the process exit status: 0, or 1 after a failure.
int print_run(std::string_view driver, std::string_view label, std::string_view server_log,
              const std::function<std::string()>& run);

}  // namespace conhub::bench
