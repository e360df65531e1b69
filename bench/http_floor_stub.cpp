// The HTTP benchmark's floor: not an MCP server, just cpp-httplib (Debian's 0.11.4 .so)
// answering POST /mcp with canned JSON-RPC replies, so wrk run against it measures what the
// client, the loopback TCP stack and httplib alone cost. It uses the settings the HTTP
// transport design prescribes for conhub-mcp (docs/design/http-transport.md §8.4):
// TCP_NODELAY, keep-alive for 10,000 requests per connection, SO_REUSEADDR instead of
// httplib's SO_REUSEPORT, the listen backlog raised to SOMAXCONN after binding, and the
// same number of HTTP threads as conhub-mcp's default (64) instead of httplib's max(8, cores - 1).
//
//   initialize                -> canned result, header Mcp-Session-Id: floor
//   a message without "id"    -> 202, empty body (notifications/initialized)
//   any other request         -> {"jsonrpc":"2.0","id":<id copied from the body>,
//                                 "result":{"content":[{"type":"text","text":"hello"}]}}
//   DELETE /mcp               -> 204;  GET /health -> {"status":"ok"}
//
// Usage: http_floor_stub [--listen HOST:PORT]   (default 127.0.0.1:0). Prints
// `http_floor_stub: listening on http://HOST:PORT` on stderr once bound; stops on SIGTERM.
#include <httplib.h>
#include <sys/socket.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>

namespace {

constexpr int kHttpThreads = 64;  // conhub-mcp's default --http-threads (HttpLimits::http_threads)

// The id's JSON text, copied verbatim: the bench's clients write "id" as a number or string
// right after "jsonrpc", so a scan up to the next ',' or '}' is enough (no JSON parser: this
// is the floor). Empty when the message has no id (a notification).
std::string_view find_id(std::string_view body) {
  const auto at = body.find("\"id\":");
  if (at == std::string_view::npos) return {};
  const auto start = at + 5;
  const auto end = body.find_first_of(",}", start);
  if (end == std::string_view::npos) return {};
  return body.substr(start, end - start);
}

httplib::Server* g_server = nullptr;

}  // namespace

int main(int argc, char** argv) {
  std::string listen = "127.0.0.1:0";
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--listen") == 0 && i + 1 < argc) {
      listen = argv[++i];
    } else {
      std::fprintf(stderr, "usage: http_floor_stub [--listen HOST:PORT]\n");
      return 2;
    }
  }
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    std::fprintf(stderr, "http_floor_stub: --listen wants HOST:PORT\n");
    return 2;
  }
  const std::string host = listen.substr(0, colon);
  const int port = std::atoi(listen.c_str() + colon + 1);

  httplib::Server svr;
  svr.new_task_queue = [] { return new httplib::ThreadPool(kHttpThreads); };
  svr.set_tcp_nodelay(true);
  svr.set_keep_alive_max_count(10000);
  int listen_fd = -1;
  svr.set_socket_options([&listen_fd](int sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listen_fd = sock;
  });

  svr.Post("/mcp", [](const httplib::Request& req, httplib::Response& res) {
    const std::string_view body = req.body;
    const auto id = find_id(body);
    if (id.empty()) {
      res.status = 202;
      return;
    }
    std::string out;
    out.reserve(256);
    out += R"({"jsonrpc":"2.0","id":)";
    out += id;
    if (body.find(R"("method":"initialize")") != std::string_view::npos) {
      out += R"(,"result":{"protocolVersion":"2025-11-25","capabilities":{"tools":{}},)"
             R"("serverInfo":{"name":"http-floor-stub","version":"0"}}})";
      res.set_header("Mcp-Session-Id", "floor");
    } else {
      out += R"(,"result":{"content":[{"type":"text","text":"hello"}]}})";
    }
    res.set_content(out, "application/json");
  });
  svr.Delete("/mcp", [](const httplib::Request&, httplib::Response& res) { res.status = 204; });
  svr.Get("/health", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"status":"ok"})", "application/json");
  });

  const int bound = port == 0 ? svr.bind_to_any_port(host) : (svr.bind_to_port(host, port) ? port : -1);
  if (bound < 0 || listen_fd < 0) {
    std::fprintf(stderr, "http_floor_stub: cannot bind %s\n", listen.c_str());
    return 1;
  }
  // httplib 0.11 listens with a backlog of 5, compiled into Debian's .so; listen(2) again on
  // the bound socket raises it (Linux updates the backlog of a listening socket).
  if (::listen(listen_fd, SOMAXCONN) != 0) {
    std::perror("http_floor_stub: listen");
    return 1;
  }

  // SIGTERM/SIGINT: a watcher thread calls stop(), which ends listen_after_bind().
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);  // inherited by httplib's threads
  g_server = &svr;
  std::thread watcher([&stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    g_server->stop();
  });

  std::fprintf(stderr, "http_floor_stub: listening on http://%s:%d\n", host.c_str(), bound);
  const bool ok = svr.listen_after_bind();
  // listen_after_bind() also returns when the socket fails; wake the watcher so join() ends.
  if (!ok) kill(getpid(), SIGTERM);
  watcher.join();
  return ok ? 0 : 1;
}
