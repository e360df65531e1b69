// The legacy HTTP+SSE transport (2024-11-05 basic/transports § HTTP with SSE), for clients
// that predate Streamable HTTP: `GET /sse` opens the session's stream and names the POST
// endpoint in an `endpoint` event; `POST /messages?sessionId=…` carries client messages,
// whose replies travel on the stream. Kept apart so it can be dropped.
#pragma once

#include <httplib.h>

#include "transport/http_core.hpp"

namespace conhub::mcp::detail {

void legacy_sse_get(HttpCore& core, const httplib::Request& req, httplib::Response& res, const Principal& principal);
void legacy_messages_post(HttpCore& core, const httplib::Request& req, httplib::Response& res,
                          const Principal& principal);

}  // namespace conhub::mcp::detail
