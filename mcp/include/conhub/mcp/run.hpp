// run_stdio: serves one client over newline-delimited JSON-RPC on stdin/stdout until EOF
// or SIGTERM/SIGINT. stdout carries protocol messages only; logs go to stderr.
#pragma once

#include <cstddef>

#include "conhub/mcp/server.hpp"

namespace conhub::mcp {

struct StdioOptions {
  std::size_t max_message_bytes = 4 * 1024 * 1024;
  int input_fd = 0;
  int output_fd = 1;
};

/// Returns 0 after a clean shutdown.
int run_stdio(Server& server, StdioOptions options = {});

}  // namespace conhub::mcp
