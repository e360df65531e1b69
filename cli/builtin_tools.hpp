// The built-in `conhub_*` tools every conhub-mcp server exposes, whatever connections
// exist: a status report and an echo for connectivity checks.
#pragma once

#include <conhub/mcp/server.hpp>

namespace conhub::cli {

void add_builtin_tools(mcp::Server& server);

}  // namespace conhub::cli
