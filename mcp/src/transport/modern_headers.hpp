// 2026-07-28 Streamable HTTP mirror headers: MCP-Protocol-Version, Mcp-Method and Mcp-Name
// repeat what the body says so that proxies can route without parsing JSON; the server
// MUST reject a request whose headers disagree with its body (basic/transports/
// streamable-http § Server Validation, error -32020). Pure: thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace conhub::mcp::detail {

/// The header values a request carried; every occurrence, in order (httplib has already
/// trimmed surrounding whitespace and percent-decoded each value).
struct ModernHeaders {
  std::vector<std::string> protocol_version;
  std::vector<std::string> method;
  std::vector<std::string> name;
};

/// Checks the headers of one 2026-07-28 request against its decoded body (a JSON-RPC
/// request object). Returns the message of the -32020 error to answer with, or nothing.
/// The protocol version is compared only when the body carries one: a body without it
/// is answered -32602 by the session, which the conformance suite expects first.
std::optional<std::string> check_modern_headers(const ModernHeaders& headers, const nlohmann::json& body);

}  // namespace conhub::mcp::detail
