// HttpCore: what every HTTP route shares: the MCP server, the options, the session store
// and the counters behind the limits. Routes live in streamable_http.cpp (stateful),
// stateless_http.cpp (2026-07-28) and legacy_sse.cpp; http_server.cpp wires them to
// httplib. Thread-safe.
#pragma once

#include <atomic>
#include <optional>
#include <string>

#include <httplib.h>

#include "conhub/mcp/http.hpp"
#include "transport/http_session_store.hpp"
#include "transport/origin_policy.hpp"

namespace conhub::mcp::detail {

struct HttpCore {
  HttpCore(Server& server, HttpOptions options, OriginPolicy policy)
      : server(server), options(std::move(options)), policy(std::move(policy)), sessions(this->options.limits.max_sessions) {}

  Server& server;
  const HttpOptions options;
  const OriginPolicy policy;
  HttpSessionStore sessions;
  std::atomic<std::size_t> open_streams{0};  // long-lived SSE connections
  std::atomic<bool> draining{false};

  /// Reserves one long-lived stream slot; false when max_open_streams is reached.
  bool acquire_stream();
  void release_stream();
};

/// Media type check: `value` lists `type` (or a wildcard that covers it). An empty value
/// (no Accept header) admits everything.
bool accepts(const std::string& value, const std::string& type);
/// The Content-Type media type without parameters, lower-cased.
std::string media_type(const std::string& content_type);
/// The session id header (case-insensitive name), "" when absent.
std::string session_id_of(const httplib::Request& req);

}  // namespace conhub::mcp::detail
