// conhub-mcp serve: wires the MCP server with the built-in tools and runs a transport.
#include <algorithm>
#include <cstdio>
#include <string>
#include <thread>

#include <spdlog/spdlog.h>

#include <conhub/mcp/run.hpp>
#include <conhub/mcp/server.hpp>

#include <conhub/store/audit_writer.hpp>
#include <conhub/store/workspaces.hpp>

#include "audit_recorder.hpp"
#include "builtin_tools.hpp"
#include "commands.hpp"
#include "logging.hpp"
#include "store_access.hpp"
#include "version.hpp"

namespace conhub::cli {

namespace {

constexpr const char* kUsage =
    "Usage: conhub-mcp serve --stdio [options]\n\n"
    "Serve MCP to one agent over stdin/stdout (newline-delimited JSON-RPC).\n\n"
    "Options:\n"
    "  --stdio                  use the stdio transport\n"
    "  --log-level LEVEL        trace, debug, info (default), warn, error, critical, off;\n"
    "                           also read from CONHUB_LOG. Logs go to stderr only.\n"
    "  --max-message-bytes N    largest accepted message (default 4194304)\n"
    "  --workers N              handler threads (default 8)\n"
    "  --workspace W            workspace to serve (default: default)\n"
    "  --audit-retention-days N keep audit records N days (default 90; 0 keeps them all)\n";

std::size_t parse_size(const std::string& flag, const std::string& text, std::size_t minimum) {
  std::size_t used = 0;
  unsigned long long value = 0;
  try {
    value = std::stoull(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty() || value < minimum)
    throw UsageError{flag + " needs a whole number of at least " + std::to_string(minimum) + ", got '" + text + "'"};
  return static_cast<std::size_t>(value);
}

}  // namespace

int serve_command(Args& args) {
  if (args.flag("--help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  const bool stdio = args.flag("--stdio");
  auto http = args.value("--http");
  auto log_level = args.value("--log-level");
  mcp::StdioOptions stdio_options;
  if (auto max = args.value("--max-message-bytes")) stdio_options.max_message_bytes = parse_size("--max-message-bytes", *max, 64);
  mcp::ServerOptions server_options;
  if (auto workers = args.value("--workers")) server_options.worker_threads = parse_size("--workers", *workers, 1);
  const auto workspace = workspace_or_default(args.value("--workspace"));
  store::AuditWriterOptions audit_options;
  if (auto days = args.value("--audit-retention-days"))
    audit_options.retention_days = static_cast<int>(std::min<std::size_t>(parse_size("--audit-retention-days", *days, 0), 1'000'000));
  args.expect_empty();

  if (http) {
    throw UsageError{"--http is not available yet in this build; use --stdio"};
  }
  if (!stdio) throw UsageError{"choose a transport: --stdio"};

  setup_logging(log_level);
  // Every call is audited, so a store that cannot open stops the server before it serves.
  auto store = open_store();
  if (!store) return fail("serve", store.error());
  if (auto ws = store::Workspaces(store->db).get(workspace); !ws) return fail("serve", ws.error());
  store::AuditWriter audit(std::move(store->db), audit_options);  // outlives the server: flushed last
  server_options.on_call = audit_observer(audit, workspace);
  mcp::Server server({.name = "conhub-mcp",
                      .version = kVersion,
                      .title = "conhub-mcp connector hub",
                      .instructions = "conhub-mcp exposes the connections of one workspace as tools and resources."},
                     server_options);
  add_builtin_tools(server);
  spdlog::info("conhub-mcp {} serving workspace {} over stdio", kVersion, workspace);
  return mcp::run_stdio(server, stdio_options);
}

}  // namespace conhub::cli
