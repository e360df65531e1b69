// HttpServer: serves one Server over HTTP on one port: Streamable HTTP at `/mcp` (stateful
// 2025-03-26 … 2025-11-25 and stateless 2026-07-28), the legacy HTTP+SSE pair (`GET /sse`,
// `POST /messages`, 2024-11-05 clients) and `GET /health`. Owns its threads; the Server
// must outlive it. Thread-safety: stop() from any thread, the rest from the owning thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "conhub/mcp/result.hpp"
#include "conhub/mcp/server.hpp"

namespace conhub::mcp {

/// Who is calling, as established by the Authenticator. Never secret.
struct Principal {
  std::string id;         // e.g. "token:3f9a0c…" (a public token id); reaches Context::principal()
  std::string workspace;  // the workspace the credential belongs to; may be empty
};

struct AuthDecision {
  enum class Verdict { kAllow, kUnauthorized, kForbidden };
  Verdict verdict = Verdict::kUnauthorized;
  Principal principal;  // for kAllow only
};

/// Maps a request's bearer token ("" when it sent none) to a decision. Called on HTTP
/// threads concurrently, once per HTTP request: must be thread-safe, compare in constant
/// time and never log the token.
using Authenticator = std::function<AuthDecision(std::string_view bearer_token)>;

/// One fixed token, compared in constant time (for library users without a token store).
Authenticator single_token_authenticator(std::string token, Principal principal);

struct HttpLimits {
  std::size_t http_threads = 64;             // connections served at once (idle keep-alive included)
  std::size_t max_pending_connections = 256;  // accepted, waiting for a thread; beyond: 503
  std::size_t max_open_streams = 48;          // long-lived SSE: GET, listen, legacy, resumes
  std::size_t max_sessions = 4096;            // stateful and legacy sessions
  std::size_t max_requests_per_session = 64;  // POSTs in flight per stateful session
  std::size_t max_body_bytes = 4 * 1024 * 1024;
  std::chrono::seconds session_idle_timeout{1800};  // nothing in flight, no stream, no request
  std::chrono::seconds request_timeout{600};        // 0 = none
  std::chrono::milliseconds json_grace{50};  // a reply ready this soon goes out as plain JSON
  std::chrono::milliseconds sse_keep_alive{15'000};
  std::size_t replay_events_per_stream = 256;  // resumability (Last-Event-ID) buffer
};

struct HttpOptions {
  std::string host = "127.0.0.1";
  int port = 8765;  // 0 = any free port
  std::string mcp_path = "/mcp";
  bool legacy_sse = true;  // GET /sse and POST /messages
  /// Empty = no authentication, which bind() allows on loopback addresses only.
  Authenticator authenticate;
  std::vector<std::string> allowed_origins;  // exact "scheme://host[:port]"; loopback origins are
                                             // allowed by default while bound to loopback
  std::vector<std::string> allowed_hosts;    // extra Host header values ("name[:port]")
  HttpLimits limits;
  std::function<void(const std::string& host, int port)> on_listening;  // after bind
  /// Extra members of GET /health's JSON body (e.g. the gateway's child states). Called on
  /// HTTP threads; /health needs no token, so return states, never secrets or commands.
  std::function<nlohmann::json()> health;
};

class HttpServer {
 public:
  HttpServer(Server& server, HttpOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Checks the options and binds. Fails (nothing bound) for a non-loopback host without
  /// `authenticate`, or when the port is taken. Returns the bound port.
  Result<int> bind();
  /// Serves until stop(), then ends every session and returns.
  void serve();
  /// Idempotent; any thread (not from a signal handler).
  void stop();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace conhub::mcp
