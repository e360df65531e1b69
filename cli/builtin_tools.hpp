// The built-in `conhub_*` tools every conhub-mcp server exposes, whatever connections
// exist: a status report and an echo for connectivity checks.
#pragma once

#include <functional>

#include <conhub/mcp/server.hpp>

namespace conhub::cli {

/// `children`, when given, reports the gateway's child servers in conhub_status.
void add_builtin_tools(mcp::Server& server, std::function<nlohmann::json()> children = {});

}  // namespace conhub::cli
