// Streamable HTTP at the MCP endpoint (default /mcp): POST, GET and DELETE for the
// stateful revisions 2025-03-26 … 2025-11-25 (basic/transports § Streamable HTTP), and the
// era selection that sends 2026-07-28 requests to stateless_http.cpp.
#pragma once

#include <httplib.h>

#include "transport/http_core.hpp"

namespace conhub::mcp::detail {

void mcp_post(HttpCore& core, const httplib::Request& req, httplib::Response& res, const Principal& principal);
void mcp_get(HttpCore& core, const httplib::Request& req, httplib::Response& res, const Principal& principal);
void mcp_delete(HttpCore& core, const httplib::Request& req, httplib::Response& res, const Principal& principal);

/// 2026-07-28: one POST, one stateless session (stateless_http.cpp).
void stateless_post(HttpCore& core, const httplib::Request& req, httplib::Response& res, const Principal& principal,
                    const nlohmann::json& body);

}  // namespace conhub::mcp::detail
