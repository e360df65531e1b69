// stdio_driver: the echo benchmark's client (bench/README.md, stdio benchmark). It spawns
// one server command (fork/exec, no shell) through the shared stdio client
// (stdio_client.hpp), measures cold start, sequential tools/call latency, throughput with
// 1/8/64 calls in flight and the server's peak RSS, and prints one JSON line on stdout.
// Every response is checked (id, result, echoed payload); any misbehaviour, death or
// missed deadline of the server ends the run with exit status 1 and an "error" line.
// Single-threaded; Linux only.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "stdio_client.hpp"

namespace {

using namespace conhub::bench;

// The text every tools/call sends; bench/floor_stub.c answers with the same text.
constexpr std::string_view kPayload = "conhub-bench-payload-0123456789";
constexpr int kInFlight[] = {1, 8, 64};
constexpr std::string_view kClientName = "conhub-stdio-driver";

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

void check_echo(std::string_view result, long long id, const char* phase) {
  std::string quoted = "\"" + std::string(kPayload) + "\"";
  bool is_error = result.find("\"isError\":true") != std::string_view::npos ||
                  result.find("\"isError\": true") != std::string_view::npos;
  if (is_error || result.find(quoted) == std::string_view::npos)
    throw Failure(std::string(phase) + ": id " + std::to_string(id) + " is not the echo of the payload: " + clip(result));
}

const CallSpec kEcho{.append = append_call, .check = check_echo};

std::string run_bench(const Options& opt) {
  Extras extras;
  std::string out = result_head(opt.label, opt.argv);

  // 1. Cold start: fork/exec to the initialize response, each run a fresh process.
  std::vector<double> cold_ms;
  int cold_kills = 0;
  std::string version;
  for (int i = 0; i < opt.cold_runs; ++i) {
    auto t0 = Clock::now();
    Server server(opt.argv, opt.server_log);
    version = initialize(server, t0 + std::chrono::duration_cast<Clock::duration>(
                                          std::chrono::duration<double>(opt.spawn_timeout_s)),
                         "cold start", extras, kClientName);
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
  initialize(server, after(opt.spawn_timeout_s), "initialize", extras, kClientName);
  server.queue(kInitialized);
  long long next_id = 1;

  run_calls(server, next_id, opt.warmup, 0, 1, opt.phase_timeout_s, "warm-up", extras, kEcho);
  RunStats seq = run_calls(server, next_id, opt.seq_calls, 0, 1, opt.phase_timeout_s, "sequential", extras, kEcho);
  out += ",\"sequential\":{\"calls\":" + std::to_string(opt.seq_calls) +
         ",\"p50_us\":" + fmt_double(percentile(seq.latencies_us, 0.5), 1) +
         ",\"p99_us\":" + fmt_double(percentile(seq.latencies_us, 0.99), 1) + "}";

  out += ",\"throughput\":[";
  for (int k : kInFlight) {
    std::string phase = "throughput@" + std::to_string(k);
    double server_cpu0 = proc_cpu_us(server.pid()), self_cpu0 = self_cpu_us();
    RunStats tp = run_calls(server, next_id, 0, opt.tp_seconds, k, opt.phase_timeout_s, phase.c_str(), extras, kEcho);
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
  return print_run("stdio_driver", opt.label, opt.server_log, [&] { return run_bench(opt); });
}
