// The subcommands of conhub-mcp. Each lives in its own <name>_command.cpp and is listed
// once in the table in main.cpp. A command returns the process exit code.
#pragma once

#include "args.hpp"

namespace conhub::cli {

int serve_command(Args& args);

}  // namespace conhub::cli
