// run_stdio: serves one client over newline-delimited JSON-RPC on stdin/stdout until EOF
// or SIGTERM/SIGINT. stdout carries protocol messages only; logs go to stderr.
// run_http: serves HTTP clients (see http.hpp) until SIGTERM/SIGINT.
#pragma once

#include <cstddef>

#include "conhub/mcp/http.hpp"
#include "conhub/mcp/server.hpp"

namespace conhub::mcp {

struct StdioOptions {
  std::size_t max_message_bytes = 4 * 1024 * 1024;
  int input_fd = 0;
  int output_fd = 1;
};

/// Returns 0 after a clean shutdown.
int run_stdio(Server& server, StdioOptions options = {});

/// Binds, prints "conhub-mcp: listening on http://HOST:PORT" to stderr, serves until
/// SIGTERM/SIGINT, then shuts down. Returns 0 after a clean shutdown, 1 when binding failed.
int run_http(Server& server, HttpOptions options = {});

}  // namespace conhub::mcp
