// The subcommands of conhub-mcp. Each lives in its own <name>_command.cpp and is listed
// once in the table in main.cpp. A command returns the process exit code.
#pragma once

#include "args.hpp"

namespace conhub::cli {

int serve_command(Args& args);
int workspaces_command(Args& args);
int connect_command(Args& args);
int connections_command(Args& args);
int disconnect_command(Args& args);
int tokens_command(Args& args);
int audit_command(Args& args);
int keys_command(Args& args);
int wrap_command(Args& args);

}  // namespace conhub::cli
