// HttpServer: wires the HTTP routes to cpp-httplib: settings, the checks every request
// passes first (overload, Host, Origin, CORS preflight), authentication, the reaper that
// expires idle sessions, and shutdown. See docs/design/http-transport.md.
#include <arpa/inet.h>
#include <malloc.h>
#include <netdb.h>
#include <sys/socket.h>

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <thread>

#include "conhub/mcp/http.hpp"
#include "jsonrpc/message.hpp"
#include "transport/bounded_task_queue.hpp"
#include "transport/http_auth.hpp"
#include "transport/http_core.hpp"
#include "transport/http_replies.hpp"
#include "transport/legacy_sse.hpp"
#include "transport/streamable_http.hpp"

namespace conhub::mcp {

using detail::error_reply;

namespace {

constexpr auto kReaperPeriod = std::chrono::seconds(1);

/// True when every address `host` resolves to is a loopback address.
bool resolves_to_loopback(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0 || !found) return false;
  bool loopback = true;
  for (addrinfo* it = found; it; it = it->ai_next) {
    if (it->ai_family == AF_INET) {
      auto* in = reinterpret_cast<sockaddr_in*>(it->ai_addr);
      loopback &= (ntohl(in->sin_addr.s_addr) >> 24) == 127;
    } else if (it->ai_family == AF_INET6) {
      auto* in6 = reinterpret_cast<sockaddr_in6*>(it->ai_addr);
      loopback &= IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr) != 0;
    } else {
      loopback = false;
    }
  }
  freeaddrinfo(found);
  return loopback;
}

void add_cors_headers(const httplib::Request& req, httplib::Response& res) {
  const std::string origin = req.get_header_value("Origin");
  if (origin.empty()) return;
  res.set_header("Access-Control-Allow-Origin", origin);  // never "*"
  res.set_header("Vary", "Origin");
  res.set_header("Access-Control-Expose-Headers", "Mcp-Session-Id, WWW-Authenticate");
}

}  // namespace

struct HttpServer::Impl {
  Impl(Server& server, HttpOptions options)
      : loopback(resolves_to_loopback(options.host)),
        core(server, options,
             detail::OriginPolicy(loopback, options.host, options.allowed_hosts, options.allowed_origins,
                                  static_cast<bool>(options.authenticate))) {}

  const bool loopback;
  detail::HttpCore core;
  httplib::Server http;
  int listen_fd = -1;

  std::mutex reaper_mutex;
  std::condition_variable reaper_cv;
  bool stopping = false;  // guarded by reaper_mutex
  std::thread reaper;

  using Route = void (*)(detail::HttpCore&, const httplib::Request&, httplib::Response&, const Principal&);
  httplib::Server::Handler guarded(Route route) {
    return [this, route](const httplib::Request& req, httplib::Response& res) {
      auto principal = detail::authenticate(core.options.authenticate, req, res);
      if (!principal) return;
      route(core, req, res, *principal);
    };
  }

  httplib::Server::HandlerResponse screen(const httplib::Request& req, httplib::Response& res) {
    using HR = httplib::Server::HandlerResponse;
    if (detail::BoundedTaskQueue::overloaded()) {
      res.set_header("Retry-After", "1");
      res.set_header("Connection", "close");
      error_reply(res, 503, -32603, "Server busy: too many connections; retry later");
      return HR::Handled;
    }
    // 2025-11-25 basic/transports § Security Warning: validate Origin (DNS rebinding);
    // Host too, because a rebinding page's GET carries no Origin.
    if (!core.policy.host_allowed(req.get_header_value("Host"))) {
      error_reply(res, 403, -32600, "Forbidden: Host not allowed (see --allow-host)");
      return HR::Handled;
    }
    if (!core.policy.origin_allowed(req.get_header_value("Origin"))) {
      error_reply(res, 403, -32600, "Forbidden: Origin not allowed (see --allow-origin)");
      return HR::Handled;
    }
    add_cors_headers(req, res);
    if (req.method == "OPTIONS") {
      res.set_header("Access-Control-Allow-Methods", "GET, POST, DELETE");
      res.set_header("Access-Control-Allow-Headers",
                     "Authorization, Content-Type, Accept, Mcp-Session-Id, MCP-Protocol-Version, Mcp-Method, Mcp-Name, "
                     "Last-Event-ID");
      res.set_header("Access-Control-Max-Age", "600");
      res.status = 204;
      return HR::Handled;
    }
    if (req.method == "HEAD") {
      res.set_header("Allow", "GET, POST, DELETE");
      res.status = 405;
      return HR::Handled;
    }
    return HR::Unhandled;
  }

  void configure() {
    const auto& limits = core.options.limits;
    http.new_task_queue = [&limits] {
      return new detail::BoundedTaskQueue(limits.http_threads, limits.max_pending_connections);
    };
    // Without TCP_NODELAY httplib's separate header and body writes meet delayed ACKs: 40 ms per reply.
    http.set_tcp_nodelay(true);
    http.set_keep_alive_max_count(10'000);
    http.set_keep_alive_timeout(5);
    http.set_read_timeout(5, 0);
    http.set_write_timeout(5, 0);
    http.set_payload_max_length(limits.max_body_bytes);
    // httplib's default sets SO_REUSEPORT, which would let a second server bind the same
    // port silently and split the connections; SO_REUSEADDR makes that an error instead.
    http.set_socket_options([this](int fd) {
      int yes = 1;
      setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
      listen_fd = fd;
    });
    http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) { return screen(req, res); });
    http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
      if (!res.body.empty() || res.content_length_ > 0 || res.content_provider_) return;
      if (res.status == 413) error_reply(res, 413, -32600, "Request body too large");
      else if (res.status == 404) error_reply(res, 404, -32600, "Not found");
      else if (res.status == 405) error_reply(res, 405, -32600, "Method not allowed");
    });
    http.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr error) {
      try {
        if (error) std::rethrow_exception(error);
      } catch (const std::exception& e) {
        spdlog::error("HTTP {} {} failed: {}", req.method, req.path, e.what());
      } catch (...) {
        spdlog::error("HTTP {} {} failed", req.method, req.path);
      }
      error_reply(res, 500, -32603, "Internal error");
    });

    http.Get("/health", [this](const httplib::Request&, httplib::Response& res) {
      const bool draining = core.draining.load();
      nlohmann::json body = {{"status", draining ? "stopping" : "ok"}};
      if (core.options.health) {
        try {
          auto extra = core.options.health();
          if (extra.is_object())
            for (auto& [key, value] : extra.items())
              if (key != "status") body[key] = value;
        } catch (const std::exception& e) {
          spdlog::error("GET /health: the health callback failed: {}", e.what());
        }
      }
      detail::json_reply(res, draining ? 503 : 200, detail::dump(body));
    });
    const std::string& path = core.options.mcp_path;
    http.Post(path, guarded(&detail::mcp_post));
    http.Get(path, guarded(&detail::mcp_get));
    http.Delete(path, guarded(&detail::mcp_delete));
    if (core.options.legacy_sse) {
      http.Get("/sse", guarded(&detail::legacy_sse_get));
      http.Post("/messages", guarded(&detail::legacy_messages_post));
    }
  }

  void reap() {
    std::unique_lock lock(reaper_mutex);
    while (!reaper_cv.wait_for(lock, kReaperPeriod, [this] { return stopping; })) {
      lock.unlock();
      const auto cutoff = std::chrono::steady_clock::now() - core.options.limits.session_idle_timeout;
      for (auto& hs : core.sessions.take_idle(cutoff)) {
        spdlog::info("http session s{} expired after {} s idle", hs->number, core.options.limits.session_idle_timeout.count());
        hs->shut_down();
        core.sessions_ended.fetch_add(1);
      }
      // Sessions are created and freed on many HTTP threads, each with its own glibc
      // arena; without a trim the freed memory stays mapped and RSS keeps the high-water
      // mark of every arena (measured: +2.4 MiB per 1,000 sessions opened and deleted).
      if (core.sessions_ended.exchange(0) > 0) malloc_trim(0);
      lock.lock();
    }
  }
};

HttpServer::HttpServer(Server& server, HttpOptions options) : impl_(std::make_unique<Impl>(server, std::move(options))) {
  impl_->configure();
}

HttpServer::~HttpServer() {
  stop();
  if (impl_->reaper.joinable()) impl_->reaper.join();
}

Result<int> HttpServer::bind() {
  const auto& options = impl_->core.options;
  if (!impl_->loopback && !options.authenticate) {
    return Error::invalid_request(
        "refusing to listen on " + options.host +
        " without authentication: anyone who can reach this address could use the server. Create a token "
        "(`conhub-mcp tokens create`) and serve with it, or bind a loopback address such as 127.0.0.1");
  }
  if (options.limits.max_open_streams >= options.limits.http_threads) {
    return Error::invalid_request("max_open_streams must be below http_threads, or streams could take every thread");
  }
  int port = options.port;
  if (port == 0) {
    port = impl_->http.bind_to_any_port(options.host);
    if (port <= 0) return Error::internal("cannot listen on " + options.host + ": " + std::strerror(errno));
  } else if (!impl_->http.bind_to_port(options.host, port)) {
    return Error::internal("cannot listen on " + options.host + ":" + std::to_string(port) + ": " +
                           std::strerror(errno) + " (is another server using the port?)");
  }
  // httplib's compiled-in backlog is 5; bursts of connects would lose SYNs (1 s retries).
  if (impl_->listen_fd >= 0) ::listen(impl_->listen_fd, SOMAXCONN);
  if (options.on_listening) options.on_listening(options.host, port);
  return port;
}

void HttpServer::serve() {
  impl_->reaper = std::thread([this] { impl_->reap(); });
  impl_->http.listen_after_bind();
  // listen_after_bind returns after stop(): no connection thread is left.
  {
    std::lock_guard lock(impl_->reaper_mutex);
    impl_->stopping = true;
  }
  impl_->reaper_cv.notify_all();
  if (impl_->reaper.joinable()) impl_->reaper.join();
}

void HttpServer::stop() {
  if (impl_->core.draining.exchange(true)) return;
  // End every session first: in-flight calls are cancelled and open streams finish, so
  // the connection threads return and httplib's stop() can join them.
  for (auto& hs : impl_->core.sessions.take_all()) hs->shut_down();
  impl_->http.stop();
}

}  // namespace conhub::mcp
