#include "transport/legacy_sse.hpp"

#include <spdlog/spdlog.h>

#include "transport/http_replies.hpp"
#include "transport/sse_response.hpp"

namespace conhub::mcp::detail {

void legacy_sse_get(HttpCore& core, const httplib::Request& req, httplib::Response& res, const Principal& principal) {
  if (!accepts(req.get_header_value("Accept"), "text/event-stream")) {
    error_reply(res, 406, -32600, "Accept must list text/event-stream");
    return;
  }
  if (core.draining.load() || !core.acquire_stream()) {
    res.set_header("Retry-After", "5");
    error_reply(res, 503, -32603, "SSE stream capacity exhausted; retry later");
    return;
  }
  auto hs = core.sessions.create(principal.id, true);
  if (!hs) {
    core.release_stream();
    res.set_header("Retry-After", "5");
    error_reply(res, 503, -32603, "Too many sessions; retry later");
    return;
  }
  hs->standalone = std::make_shared<EventStream>(std::nullopt, 64);
  SessionOptions options;
  options.principal = principal.id;
  hs->session = core.server.open_session([stream = hs->standalone](std::string message) { stream->push(message); },
                                         std::move(options));
  hs->open_connections.fetch_add(1);
  // A relative endpoint: clients resolve it against the SSE URL (same origin).
  hs->standalone->push_raw("event: endpoint\ndata: /messages?sessionId=" + hs->id + "\n\n", false);
  spdlog::info("legacy SSE session s{} opened", hs->number);
  res.status = 200;
  SseLoop loop;
  loop.keep_alive = core.options.limits.sse_keep_alive;
  // The stream is the session: when it ends, in-flight calls are cancelled and it is freed.
  loop.on_end = [&core, hs](bool) {
    core.sessions.remove(hs->id);
    hs->open_connections.fetch_sub(1);
    hs->shut_down();
    core.release_stream();
    spdlog::info("legacy SSE session s{} closed", hs->number);
  };
  serve_events(res, hs->standalone, hs->standalone->attach(), std::move(loop));
}

void legacy_messages_post(HttpCore& core, const httplib::Request& req, httplib::Response& res,
                          const Principal& principal) {
  const std::string id = req.get_param_value("sessionId");
  if (id.empty()) {
    error_reply(res, 400, -32600, "sessionId query parameter required: open GET /sse first");
    return;
  }
  if (media_type(req.get_header_value("Content-Type")) != "application/json") {
    error_reply(res, 415, -32600, "Content-Type must be application/json");
    return;
  }
  auto hs = core.sessions.find(id, principal.id);
  if (!hs || !hs->legacy) {
    error_reply(res, 404, -32600, "Session not found: open GET /sse again");
    return;
  }
  hs->touch();
  hs->session->receive(req.body);
  res.status = 202;
  res.set_content("Accepted", "text/plain");
}

}  // namespace conhub::mcp::detail
