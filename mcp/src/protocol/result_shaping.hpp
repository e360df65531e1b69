// Shapes what handlers produce for the revision on the wire: content blocks an older
// revision cannot carry are rewritten as text, fields it does not know are dropped, and
// 2026-07-28 results get resultType, cache hints and serverInfo.
#pragma once

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "conhub/mcp/server.hpp"
#include "protocol/revisions.hpp"

namespace conhub::mcp::detail {

nlohmann::json content_for(Revision revision, nlohmann::json block);
nlohmann::json tool_for(Revision revision, const ToolSpec& spec);
nlohmann::json implementation_for(Revision revision, const ServerInfo& info);
nlohmann::json capabilities_for(Revision revision);
/// The params of a server-to-client request (elicitation/sampling) for `revision`.
nlohmann::json input_request_params_for(Revision revision, const std::string& method, nlohmann::json params);

struct CacheHint {
  std::chrono::milliseconds ttl{0};
  const char* scope = "private";
};

/// Adds what every 2026-07-28 result carries; does nothing on stateful revisions.
/// `cache` is set for the cacheable results (lists, reads, discover).
void finish_result(Revision revision, nlohmann::json& result, const ServerInfo& info,
                   const CacheHint* cache = nullptr);

}  // namespace conhub::mcp::detail
