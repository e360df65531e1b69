// files_driver: the files benchmark's client (bench/README.md, files benchmark). It spawns
// one server command through the shared stdio client (stdio_client.hpp), initializes, and
// for each operation given with --op runs warm-up calls and then N sequential tools/call
// round trips of one tool with fixed arguments, checking every answer: the text of the
// first content item must equal a file's bytes (--expect-file) or hold a token exactly
// N times (--expect-count, e.g. one per directory entry or per match). It prints one JSON
// line on stdout; a wrong answer, an error, a death or a missed deadline of the server ends
// the run with exit status 1 and an "error" line. Single-threaded; Linux only.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

#include "stdio_client.hpp"

namespace {

using namespace conhub::bench;

constexpr std::string_view kClientName = "conhub-files-driver";

struct Op {
  std::string name;
  std::string tool;
  std::string args = "{}";  // the arguments object, as JSON
  int calls = 300;
  int warmup = 30;
  std::string expect_file;   // the text must equal this file's bytes …
  std::string expect_token;  // … or hold this token exactly expect_count times
  long expect_count = -1;
};

struct Options {
  std::string label = "server";
  double phase_timeout_s = 120;
  double spawn_timeout_s = 20;
  std::string server_log = "/dev/null";
  std::vector<Op> ops;
  std::vector<std::string> argv;
};

std::size_t count_of(std::string_view text, std::string_view token) {
  std::size_t n = 0;
  for (std::size_t at = text.find(token); at != std::string_view::npos; at = text.find(token, at + token.size())) ++n;
  return n;
}

// `text` clipped, with line breaks and tabs shown as \n and \t, for a one-line message.
std::string one_line(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 200)) out += c == '\n' ? "\\n" : c == '\t' ? "\\t" : std::string(1, c);
  return out + (text.size() > 200 ? "..." : "");
}

// The decoded text of the result's first content item; throws when there is none or the
// result is a tool error.
std::string first_text(std::string_view result, long long id, const char* phase) {
  auto fail = [&](const std::string& why) {
    throw Failure(std::string(phase) + ": id " + std::to_string(id) + " " + why + ": " + clip(result));
  };
  auto content = object_member(result, "content");
  auto item = content ? first_element(*content) : std::nullopt;
  auto quoted = item ? object_member(*item, "text") : std::nullopt;
  auto text = quoted ? decode_string(*quoted) : std::nullopt;
  if (object_member(result, "isError") == std::optional<std::string_view>("true"))
    fail("is a tool error" + (text ? " (" + one_line(*text) + ")" : std::string()));
  if (!text) fail("has no text content");
  return std::move(*text);
}

struct OpStats {
  std::size_t result_bytes = 0;  // of the last checked result
};

CallSpec make_spec(const Op& op, const std::string& expected_bytes, OpStats& stats) {
  std::string prefix = R"({"jsonrpc":"2.0","id":)";
  std::string suffix = R"(,"method":"tools/call","params":{"name":")" + json_escape(op.tool) + R"(","arguments":)" +
                       op.args + "}}\n";
  return CallSpec{
      .append =
          [prefix, suffix](std::string& out, long long id) {
            out += prefix;
            out += std::to_string(id);
            out += suffix;
          },
      .check =
          [&op, &expected_bytes, &stats](std::string_view result, long long id, const char* phase) {
            stats.result_bytes = result.size();
            std::string text = first_text(result, id, phase);
            if (!op.expect_file.empty() && text != expected_bytes)
              throw Failure(std::string(phase) + ": id " + std::to_string(id) + " returned " +
                            std::to_string(text.size()) + " bytes that are not the contents of " + op.expect_file +
                            " (" + std::to_string(expected_bytes.size()) + " bytes): " + one_line(text));
            if (op.expect_count >= 0) {
              auto n = count_of(text, op.expect_token);
              if (static_cast<long>(n) != op.expect_count)
                throw Failure(std::string(phase) + ": id " + std::to_string(id) + " holds '" + op.expect_token + "' " +
                              std::to_string(n) + " times, expected " + std::to_string(op.expect_count) + ": " +
                              one_line(text));
            }
          },
  };
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Failure("cannot read " + path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string run_bench(const Options& opt) {
  Extras extras;
  std::string out = result_head(opt.label, opt.argv);

  auto t0 = Clock::now();
  Server server(opt.argv, opt.server_log);
  std::string version = initialize(server, after(opt.spawn_timeout_s), "initialize", extras, kClientName);
  double startup_ms = micros(Clock::now() - t0) / 1000.0;
  server.queue(kInitialized);
  out += ",\"protocol_version\":\"" + json_escape(version) + "\",\"startup_ms\":" + fmt_double(startup_ms, 2);

  long long next_id = 1;
  out += ",\"ops\":[";
  for (std::size_t k = 0; k < opt.ops.size(); ++k) {
    const Op& op = opt.ops[k];
    const std::string expected = op.expect_file.empty() ? std::string() : read_file(op.expect_file);
    OpStats op_stats;
    const CallSpec spec = make_spec(op, expected, op_stats);
    const std::string warm_phase = op.name + " warm-up", phase = op.name;
    if (op.warmup > 0)  // run_calls treats a total of 0 as "no limit"
      run_calls(server, next_id, op.warmup, 0, 1, opt.phase_timeout_s, warm_phase.c_str(), extras, spec);
    double cpu0 = proc_cpu_us(server.pid());
    RunStats s = run_calls(server, next_id, op.calls, 0, 1, opt.phase_timeout_s, phase.c_str(), extras, spec);
    double cpu = proc_cpu_us(server.pid()) - cpu0;
    const auto& l = s.latencies_us;
    double mean = l.empty() ? 0 : std::accumulate(l.begin(), l.end(), 0.0) / static_cast<double>(l.size());
    if (k) out += ",";
    out += "{\"name\":\"" + json_escape(op.name) + "\",\"tool\":\"" + json_escape(op.tool) +
           "\",\"warmup\":" + std::to_string(op.warmup) + ",\"calls\":" + std::to_string(s.calls) +
           ",\"p50_us\":" + fmt_double(percentile(l, 0.5), 1) + ",\"p90_us\":" + fmt_double(percentile(l, 0.9), 1) +
           ",\"p99_us\":" + fmt_double(percentile(l, 0.99), 1) + ",\"mean_us\":" + fmt_double(mean, 1) +
           ",\"seconds\":" + fmt_double(s.seconds, 3) + ",\"result_bytes\":" + std::to_string(op_stats.result_bytes) +
           ",\"server_cpu_us_per_call\":" + fmt_double(cpu / static_cast<double>(s.calls), 1) + "}";
  }
  out += "]";

  long hwm = proc_status_kib(server.pid(), "VmHWM");
  long threads = proc_status_kib(server.pid(), "Threads");
  if (hwm < 0) throw Failure("cannot read VmHWM of pid " + std::to_string(server.pid()));
  out += ",\"peak_rss_kib\":" + std::to_string(hwm) + ",\"threads\":" + std::to_string(threads);
  bool clean = server.finish(after(5));
  out += ",\"exit_on_eof\":" + std::string(clean ? "true" : "false");
  out += ",\"server_notifications\":" + std::to_string(extras.notifications) +
         ",\"server_pings\":" + std::to_string(extras.pings) + "}";
  return out;
}

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "files_driver: %s\n"
               "usage: files_driver [--label NAME] [--phase-timeout SECONDS] [--spawn-timeout SECONDS]\n"
               "                    [--server-log PATH]\n"
               "                    (--op NAME --tool TOOL [--args JSON] [--calls N] [--warmup N]\n"
               "                     [--expect-file PATH | --expect-count TOKEN N])...\n"
               "                    -- COMMAND [ARGS...]\n"
               "Each --op starts an operation; the options after it, up to the next --op, belong to it.\n",
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
  auto count = [&](const char* flag, int min) {
    std::string v = value(flag);
    char* end = nullptr;
    long n = std::strtol(v.c_str(), &end, 10);
    if (end == v.c_str() || *end != '\0' || n < min || n > 10'000'000)
      usage((std::string(flag) + " must be an integer >= " + std::to_string(min)).c_str());
    return static_cast<int>(n);
  };
  auto op = [&](const char* flag) -> Op& {
    if (opt.ops.empty()) usage((std::string(flag) + " comes before any --op").c_str());
    return opt.ops.back();
  };
  for (; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--") {
      opt.argv.assign(argv + i + 1, argv + argc);
      break;
    }
    if (a == "--label") opt.label = value("--label");
    else if (a == "--phase-timeout") opt.phase_timeout_s = std::atof(value("--phase-timeout").c_str());
    else if (a == "--spawn-timeout") opt.spawn_timeout_s = std::atof(value("--spawn-timeout").c_str());
    else if (a == "--server-log") opt.server_log = value("--server-log");
    else if (a == "--op") opt.ops.push_back(Op{.name = value("--op")});
    else if (a == "--tool") op("--tool").tool = value("--tool");
    else if (a == "--args") op("--args").args = value("--args");
    else if (a == "--calls") op("--calls").calls = count("--calls", 1);
    else if (a == "--warmup") op("--warmup").warmup = count("--warmup", 0);
    else if (a == "--expect-file") op("--expect-file").expect_file = value("--expect-file");
    else if (a == "--expect-count") {
      Op& o = op("--expect-count");
      o.expect_token = value("--expect-count");
      o.expect_count = count("--expect-count", 0);
    } else usage(("unknown option " + a).c_str());
  }
  if (opt.argv.empty()) usage("no server command after --");
  if (opt.ops.empty()) usage("no --op");
  for (const Op& o : opt.ops) {
    if (o.tool.empty()) usage(("--op " + o.name + " has no --tool").c_str());
    if (o.expect_file.empty() == o.expect_token.empty())
      usage(("--op " + o.name + " needs one of --expect-file and --expect-count").c_str());
    if (o.expect_count >= 0 && o.expect_token.empty()) usage("--expect-count needs a non-empty token");
  }
  if (opt.phase_timeout_s <= 0 || opt.spawn_timeout_s <= 0) usage("timeouts must be positive");
  return opt;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt = parse_args(argc, argv);
  return print_run("files_driver", opt.label, opt.server_log, [&] { return run_bench(opt); });
}
