#include "transport/streamable_http.hpp"

#include <spdlog/spdlog.h>

#include "protocol/revisions.hpp"
#include "transport/http_replies.hpp"
#include "transport/post_exchange.hpp"
#include "transport/sse_response.hpp"

namespace conhub::mcp::detail {

using nlohmann::json;

namespace {

constexpr const char* kModern = "2026-07-28";
constexpr std::size_t kStreamsKeptForResume = 16;

std::string protocol_header(const httplib::Request& req) { return req.get_header_value("MCP-Protocol-Version"); }

bool known_revision(const std::string& name) {
  auto revision = parse_revision(name);
  return revision.has_value();
}

/// §5.2 of docs/design/http-transport.md: a POST belongs to the stateless 2026-07-28 era
/// when its body carries the protocol version in _meta, or its header names 2026-07-28
/// (or an unknown revision: the session then answers -32022 with the supported list).
bool is_stateless_post(const httplib::Request& req, const json& body) {
  if (body.is_object()) {
    auto params = body.find("params");
    if (params != body.end() && params->is_object()) {
      auto meta = params->find("_meta");
      if (meta != params->end() && meta->is_object() && meta->contains(kMetaProtocolVersion)) return true;
    }
  }
  const std::string header = protocol_header(req);
  if (header.empty()) return false;
  return header == kModern || !known_revision(header);
}

void too_busy(httplib::Response& res, int status, const std::string& message, const char* retry_after) {
  res.set_header("Retry-After", retry_after);
  error_reply(res, status, -32603, message);
}

/// Creates the session an initialize POST asks for; nullptr when the store is full.
std::shared_ptr<HttpSession> open_http_session(HttpCore& core, const Principal& principal) {
  auto hs = core.sessions.create(principal.id, false);
  if (!hs) return nullptr;
  hs->standalone = std::make_shared<EventStream>("0", core.options.limits.replay_events_per_stream);
  SessionOptions options;
  options.principal = principal.id;
  hs->session = core.server.open_session([stream = hs->standalone](std::string message) { stream->push(message); },
                                         std::move(options));
  return hs;
}

void answer_initialize(HttpCore& core, HttpSession& hs, const Completion& completion, httplib::Response& res) {
  json reply = json::parse(completion.message, nullptr, false);
  if (!reply.is_object() || !reply.contains("result")) {
    core.sessions.remove(hs.id);  // a failed initialize leaves no session behind
    hs.shut_down();
    return;
  }
  const std::string revision = reply["result"].value("protocolVersion", "");
  hs.modern_priming = revision >= "2025-11-25";
  res.set_header("Mcp-Session-Id", hs.id);
  spdlog::info("http session s{} opened ({})", hs.number, revision);
}

}  // namespace

void mcp_post(HttpCore& core, const httplib::Request& req, httplib::Response& res, const Principal& principal) {
  if (media_type(req.get_header_value("Content-Type")) != "application/json") {
    error_reply(res, 415, -32600, "Content-Type must be application/json");
    return;
  }
  const std::string accept = req.get_header_value("Accept");
  if (!accepts(accept, "application/json") || !accepts(accept, "text/event-stream")) {
    error_reply(res, 406, -32600, "Accept must list application/json and text/event-stream");
    return;
  }
  const std::string session_id = session_id_of(req);
  const bool stateful_session = !session_id.empty() && protocol_header(req) != kModern;
  std::shared_ptr<HttpSession> hs;
  bool initializing = false;
  if (!stateful_session) {
    json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded()) {
      json_reply(res, 400, rpc_error_body(nullptr, -32700, "Parse error: the body is not valid JSON"));
      return;
    }
    if (is_stateless_post(req, body)) {
      stateless_post(core, req, res, principal, body);
      return;
    }
    initializing = body.is_object() && body.value("method", "") == "initialize" && body.contains("id");
    if (!initializing) {
      bool init_in_batch = false;
      if (body.is_array())
        for (const auto& item : body) init_in_batch |= item.is_object() && item.value("method", "") == "initialize";
      error_reply(res, 400, -32600,
                  init_in_batch ? "initialize must be sent alone"
                                : "Mcp-Session-Id header required: send initialize first (or send 2026-07-28 "
                                  "requests with _meta[\"io.modelcontextprotocol/protocolVersion\"])");
      return;
    }
    if (core.draining.load()) {
      too_busy(res, 503, "Server is shutting down", "5");
      return;
    }
    hs = open_http_session(core, principal);
    if (!hs) {
      too_busy(res, 503, "Too many sessions; retry later", "5");
      return;
    }
  } else {
    hs = core.sessions.find(session_id, principal.id);
    if (!hs || hs->legacy) {
      error_reply(res, 404, -32600, "Session not found: it ended or expired; send initialize to start a new one");
      return;
    }
    // 2025-11-25 § Protocol Version Header: an unsupported version gets 400. Any known
    // stateful revision is accepted (clients send older ones on newer sessions).
    if (const std::string header = protocol_header(req); !header.empty() && !known_revision(header)) {
      json_reply(res, 400,
                 rpc_error_body(nullptr, -32600, "Unsupported MCP-Protocol-Version: " + header.substr(0, 64),
                                json{{"supported", supported_revision_names()}, {"requested", header.substr(0, 64)}}));
      return;
    }
  }
  hs->touch();
  if (static_cast<std::size_t>(hs->posts_in_flight.fetch_add(1)) >= core.options.limits.max_requests_per_session) {
    hs->posts_in_flight.fetch_sub(1);
    too_busy(res, 429, "Too many requests in flight for this session", "1");
    return;
  }

  auto exchange = std::make_shared<PostExchange>();
  hs->session->receive(req.body, exchange->exchange());
  if (exchange->wait_for_json(core.options.limits.json_grace)) {
    hs->posts_in_flight.fetch_sub(1);
    const Completion& completion = exchange->completion();
    if (initializing) {
      answer_initialize(core, *hs, completion, res);
    } else {
      res.set_header("Mcp-Session-Id", hs->id);
    }
    if (completion.message.empty()) res.status = 202;  // only notifications or responses
    else json_reply(res, 200, completion.message);
    return;
  }

  // The reply is not ready, or notifications come first: answer with a resumable stream.
  auto stream = hs->new_post_stream(core.options.limits.replay_events_per_stream, kStreamsKeptForResume);
  // 2025-11-25 § Resumability (SEP-1699): an event with an id and empty data first, so the
  // client can resume even if the connection drops before the first message.
  if (hs->modern_priming.load()) stream->push_raw("retry: 1000\ndata: \n\n", true);
  exchange->commit(stream);
  res.status = 200;
  res.set_header("Mcp-Session-Id", hs->id);
  const auto timeout = core.options.limits.request_timeout;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  SseLoop loop;
  loop.keep_alive = core.options.limits.sse_keep_alive;
  loop.on_idle = [exchange, timeout, deadline] {
    if (timeout.count() > 0 && std::chrono::steady_clock::now() > deadline)
      exchange->time_out("Request timed out after " + std::to_string(timeout.count()) + " s");
  };
  // 2025-11-25: a disconnect is not a cancellation; the stream stays for Last-Event-ID.
  loop.on_end = [hs, stream](bool complete) {
    hs->posts_in_flight.fetch_sub(1);
    hs->touch();
    if (complete) hs->forget_stream(stream);
  };
  serve_events(res, stream, stream->attach(), std::move(loop));
}

void mcp_get(HttpCore& core, const httplib::Request& req, httplib::Response& res, const Principal& principal) {
  if (!accepts(req.get_header_value("Accept"), "text/event-stream")) {
    error_reply(res, 406, -32600, "Accept must list text/event-stream");
    return;
  }
  const std::string session_id = session_id_of(req);
  if (protocol_header(req) == kModern) {
    res.set_header("Allow", "POST");
    error_reply(res, 405, -32600, "GET is not part of protocol revision 2026-07-28");
    return;
  }
  if (session_id.empty()) {
    error_reply(res, 400, -32600, "Mcp-Session-Id header required: send initialize first");
    return;
  }
  auto hs = core.sessions.find(session_id, principal.id);
  if (!hs || hs->legacy) {
    error_reply(res, 404, -32600, "Session not found: it ended or expired; send initialize to start a new one");
    return;
  }
  std::shared_ptr<EventStream> stream = hs->standalone;
  std::optional<std::uint64_t> after;
  if (const std::string last = req.get_header_value("Last-Event-ID"); !last.empty()) {
    stream = hs->stream_for_event_id(last);
    if (stream) after = stream->resumable_seq(last);
    if (!stream || !after) {
      error_reply(res, 400, -32600, "Last-Event-ID " + last.substr(0, 64) + " is not available; send the request again");
      return;
    }
  }
  if (!core.acquire_stream()) {
    too_busy(res, 503, "SSE stream capacity exhausted; retry later", "5");
    return;
  }
  hs->open_connections.fetch_add(1);
  hs->touch();
  res.status = 200;
  res.set_header("Mcp-Session-Id", hs->id);
  SseLoop loop;
  loop.keep_alive = core.options.limits.sse_keep_alive;
  loop.on_end = [&core, hs, stream](bool complete) {
    core.release_stream();
    hs->open_connections.fetch_sub(1);
    hs->touch();
    if (complete && stream != hs->standalone) hs->forget_stream(stream);
  };
  serve_events(res, stream, stream->attach(after), std::move(loop));
}

void mcp_delete(HttpCore& core, const httplib::Request& req, httplib::Response& res, const Principal& principal) {
  const std::string session_id = session_id_of(req);
  if (session_id.empty()) {
    if (protocol_header(req) == kModern) {
      res.set_header("Allow", "POST");
      error_reply(res, 405, -32600, "DELETE is not part of protocol revision 2026-07-28");
      return;
    }
    error_reply(res, 400, -32600, "Mcp-Session-Id header required");
    return;
  }
  auto hs = core.sessions.find(session_id, principal.id);
  if (!hs || hs->legacy || !core.sessions.remove(session_id)) {
    error_reply(res, 404, -32600, "Session not found");
    return;
  }
  hs->shut_down();
  spdlog::info("http session s{} ended by the client", hs->number);
  res.status = 204;
}

}  // namespace conhub::mcp::detail
