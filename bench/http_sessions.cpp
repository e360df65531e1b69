// The HTTP benchmark's session helper (bench/README.md): opens and closes Streamable HTTP
// sessions with an httplib client on one keep-alive connection, and measures the server's
// memory per idle session. No SDK: a session is `initialize` (the reply's Mcp-Session-Id)
// followed by `notifications/initialized` (202); DELETE /mcp with the header ends it.
//
//   http_sessions URL create N
//       opens N sessions and prints their ids, one a line (wrk's threads each take one).
//   http_sessions URL delete ID...
//       ends those sessions (every DELETE must answer 2xx).
//   http_sessions URL health
//       prints the status of GET /health (0 when there is no answer); exit 0 when it is 200.
//   http_sessions URL idle --pid PID --count N [--warm W] [--settle-ms 5000]
//       opens and DELETEs W sessions (default 10: the code paths are warm), reads VmRSS of
//       PID (the baseline), opens N sessions (no GET stream), waits 200 ms, VmRSS again,
//       DELETEs them all, then polls VmRSS every 100 ms until it is within
//       max(2 MiB, 10 %) of the baseline or the settle time passes, and checks GET /health.
//       Prints one JSON line.
//
// URL is the server's base, e.g. http://127.0.0.1:8080 (the endpoint is URL + /mcp).
// Exit status 0 on success, 1 when the server misbehaved (message on stderr; for `idle`
// also an {"error":…} line on stdout), 2 on bad usage.
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr const char* kProtocolVersion = "2025-11-25";
constexpr const char* kAccept = "application/json, text/event-stream";

struct Failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string describe(const httplib::Result& r) {
  if (!r) return "no response (" + httplib::to_string(r.error()) + ")";
  std::string body = r->body.substr(0, 200);
  return "HTTP " + std::to_string(r->status) + ": " + body;
}

class Sessions {
 public:
  explicit Sessions(const std::string& base) : client_(base) {
    client_.set_keep_alive(true);
    client_.set_tcp_nodelay(true);
    client_.set_decompress(false);  // no Accept-Encoding: same replies as wrk gets
    client_.set_connection_timeout(5);
    client_.set_read_timeout(10);
    client_.set_write_timeout(10);
  }

  std::string open() {
    ++next_id_;
    const std::string init =
        R"({"jsonrpc":"2.0","id":)" + std::to_string(next_id_) +
        R"(,"method":"initialize","params":{"protocolVersion":")" + kProtocolVersion +
        R"(","capabilities":{},"clientInfo":{"name":"conhub-bench-http-sessions","version":"0"}}})";
    auto r = client_.Post("/mcp", httplib::Headers{{"Accept", kAccept}}, init, "application/json");
    if (!r || r->status != 200 || r->body.find("\"result\"") == std::string::npos)
      throw Failure("initialize: " + describe(r));
    std::string id = r->get_header_value("Mcp-Session-Id");
    if (id.empty()) throw Failure("initialize: the reply has no Mcp-Session-Id header");
    auto n = client_.Post("/mcp", headers(id), R"({"jsonrpc":"2.0","method":"notifications/initialized"})",
                          "application/json");
    if (!n || n->status != 202) throw Failure("notifications/initialized: " + describe(n));
    return id;
  }

  void close(const std::string& id) {
    auto r = client_.Delete("/mcp", headers(id));
    if (!r || r->status < 200 || r->status > 299) throw Failure("DELETE: " + describe(r));
  }

  int health() {
    auto r = client_.Get("/health");
    return r ? r->status : 0;
  }

 private:
  static httplib::Headers headers(const std::string& id) {
    return {{"Accept", kAccept}, {"Mcp-Session-Id", id}, {"MCP-Protocol-Version", kProtocolVersion}};
  }

  httplib::Client client_;
  long next_id_ = 0;
};

// VmRSS of pid in KiB; throws when the process is gone.
long rss_kib(long pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  throw Failure("the server (pid " + std::to_string(pid) + ") is gone");
}

// s as the inside of a JSON string.
std::string json_escape(const std::string& s) {
  std::string out;
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

int usage() {
  std::fprintf(stderr,
               "usage: http_sessions URL create N\n"
               "       http_sessions URL delete ID...\n"
               "       http_sessions URL health\n"
               "       http_sessions URL idle --pid PID --count N [--warm W] [--settle-ms MS]\n");
  return 2;
}

int idle(Sessions& s, long pid, int count, int warm, int settle_ms) {
  for (int i = 0; i < warm; ++i) s.close(s.open());
  const long before = rss_kib(pid);
  const long baseline_kib = before;
  std::vector<std::string> ids;
  ids.reserve(static_cast<std::size_t>(count));
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < count; ++i) ids.push_back(s.open());
  const double open_ms = ms_since(t0);
  // Give a GC'd server a moment to settle what the opening allocated, the same for all.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const long open = rss_kib(pid);

  t0 = std::chrono::steady_clock::now();
  for (const auto& id : ids) s.close(id);
  const double delete_ms = ms_since(t0);

  const long tolerance = std::max(2048L, baseline_kib / 10);
  t0 = std::chrono::steady_clock::now();
  long after = rss_kib(pid);
  while (std::labs(after - baseline_kib) > tolerance && ms_since(t0) < settle_ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    after = rss_kib(pid);
  }
  const double settle = ms_since(t0);
  const int health = s.health();
  std::printf(
      "{\"sessions\":%d,\"rss_before_kib\":%ld,\"rss_open_kib\":%ld,\"per_session_bytes\":%.1f,"
      "\"open_ms\":%.1f,\"delete_ms\":%.1f,\"rss_after_delete_kib\":%ld,"
      "\"settle_ms\":%.0f,\"health_status\":%d}\n",
      count, before, open, static_cast<double>(open - before) * 1024.0 / count, open_ms, delete_ms, after,
      settle, health);
  return health == 200 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return usage();
  const std::string url = argv[1];
  const std::string mode = argv[2];
  try {
    Sessions s(url);
    if (mode == "create") {
      if (argc != 4) return usage();
      const int n = std::atoi(argv[3]);
      if (n < 1) return usage();
      for (int i = 0; i < n; ++i) std::printf("%s\n", s.open().c_str());
      return 0;
    }
    if (mode == "delete") {
      for (int i = 3; i < argc; ++i) s.close(argv[i]);
      return 0;
    }
    if (mode == "health") {
      if (argc != 3) return usage();
      const int status = s.health();
      std::printf("%d\n", status);
      return status == 200 ? 0 : 1;
    }
    if (mode == "idle") {
      long pid = 0;
      int count = 0, warm = 10, settle_ms = 5000;
      for (int i = 3; i < argc; ++i) {
        if (i + 1 >= argc) return usage();
        const std::string flag = argv[i];
        const char* v = argv[++i];
        if (flag == "--pid") pid = std::atol(v);
        else if (flag == "--count") count = std::atoi(v);
        else if (flag == "--warm") warm = std::atoi(v);
        else if (flag == "--settle-ms") settle_ms = std::atoi(v);
        else return usage();
      }
      if (pid <= 0 || count < 1 || warm < 0) return usage();
      try {
        return idle(s, pid, count, warm, settle_ms);
      } catch (const Failure& e) {
        std::printf("{\"error\":\"idle sessions: %s\"}\n", json_escape(e.what()).c_str());
        throw;
      }
    }
    return usage();
  } catch (const Failure& e) {
    std::fprintf(stderr, "http_sessions: %s\n", e.what());
    return 1;
  }
}
