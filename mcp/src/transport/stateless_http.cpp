// 2026-07-28 Streamable HTTP (basic/transports/streamable-http): every POST is one
// self-contained request served by its own stateless session. No session ids, no GET,
// no resumption; closing the response stream cancels the request (patterns/cancellation).
#include <spdlog/spdlog.h>

#include "protocol/revisions.hpp"
#include "transport/http_replies.hpp"
#include "transport/modern_headers.hpp"
#include "transport/post_exchange.hpp"
#include "transport/sse_response.hpp"
#include "transport/streamable_http.hpp"

namespace conhub::mcp::detail {

using nlohmann::json;

namespace {

std::vector<std::string> all_values(const httplib::Request& req, const char* name) {
  std::vector<std::string> values;
  const std::size_t count = req.get_header_value_count(name);
  for (std::size_t i = 0; i < count; ++i) values.push_back(req.get_header_value(name, i));
  return values;
}

/// The per-request fields a 2026-07-28 request must carry; without them the session
/// answers -32602, which comes before header validation (the suite checks that order).
bool has_request_meta(const json& body) {
  auto params = body.find("params");
  if (params == body.end() || !params->is_object()) return false;
  auto meta = params->find("_meta");
  return meta != params->end() && meta->is_object() && meta->contains(kMetaProtocolVersion) &&
         meta->contains(kMetaClientCapabilities);
}

/// 2026-07-28 § Error handling: envelope errors are HTTP errors, handler outcomes are 200.
int status_for(const Completion& completion) {
  using Origin = Completion::Origin;
  if (completion.origin == Origin::kOverload) return 503;
  const int code = completion.error_code;
  if (completion.origin == Origin::kEnvelope) return code == -32601 ? 404 : 400;
  if (code == -32020 || code == -32021 || code == -32022) return 400;
  return 200;
}

}  // namespace

void stateless_post(HttpCore& core, const httplib::Request& req, httplib::Response& res, const Principal& principal,
                    const json& body) {
  if (body.is_array()) {
    error_reply(res, 400, -32600, "JSON-RPC batches are not part of protocol revision 2026-07-28");
    return;
  }
  if (!body.is_object() || !body.contains("method")) {
    error_reply(res, 400, -32600,
                body.is_object() && (body.contains("result") || body.contains("error"))
                    ? "Clients do not send JSON-RPC responses in protocol revision 2026-07-28"
                    : "Invalid Request: expected a JSON-RPC request object");
    return;
  }
  if (!body.contains("id")) {  // a notification: nothing to do on this wire
    res.status = 202;
    return;
  }
  const json& id = body["id"];
  if (has_request_meta(body)) {
    ModernHeaders headers{all_values(req, "MCP-Protocol-Version"), all_values(req, "Mcp-Method"),
                          all_values(req, "Mcp-Name")};
    if (auto problem = check_modern_headers(headers, body)) {
      json_reply(res, 400, rpc_error_body(id, -32020, "Header mismatch: " + *problem));
      return;
    }
  }
  const bool listen = body.value("method", "") == "subscriptions/listen";
  if (listen && (core.draining.load() || !core.acquire_stream())) {
    res.set_header("Retry-After", "5");
    json_reply(res, 503, rpc_error_body(id, -32603, "SSE stream capacity exhausted; retry later"));
    return;
  }

  auto exchange = std::make_shared<PostExchange>();
  Exchange routes = exchange->exchange();
  SessionOptions options;
  options.principal = principal.id;
  options.stateless = true;
  // The session's own messages (a listen's acknowledgement and notifications) belong to
  // this POST as well.
  auto session = std::shared_ptr<Session>(core.server.open_session(routes.interim, std::move(options)));
  session->receive(req.body, std::move(routes));
  if (exchange->wait_for_json(core.options.limits.json_grace)) {
    if (listen) core.release_stream();
    const Completion& completion = exchange->completion();
    if (completion.message.empty()) res.status = 202;
    else json_reply(res, status_for(completion), completion.message);
    return;
  }

  auto stream = std::make_shared<EventStream>(std::nullopt, 64);
  exchange->commit(stream);
  res.status = 200;
  SseLoop loop;
  loop.keep_alive = core.options.limits.sse_keep_alive;
  const auto timeout = core.options.limits.request_timeout;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  if (!listen) {
    loop.on_idle = [exchange, timeout, deadline] {
      if (timeout.count() > 0 && std::chrono::steady_clock::now() > deadline)
        exchange->time_out("Request timed out after " + std::to_string(timeout.count()) + " s");
    };
  }
  loop.on_end = [&core, exchange, session, listen](bool complete) {
    // 2026-07-28 patterns/cancellation: closing the stream cancels the request.
    if (!complete) exchange->cancel();
    session->close();
    if (listen) core.release_stream();
  };
  serve_events(res, stream, stream->attach(), std::move(loop));
}

}  // namespace conhub::mcp::detail
