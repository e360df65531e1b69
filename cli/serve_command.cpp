// conhub-mcp serve: wires the MCP server with the built-in tools and runs a transport.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include <spdlog/spdlog.h>

#include <conhub/mcp/run.hpp>
#include <conhub/mcp/server.hpp>

#include <conhub/store/audit_writer.hpp>
#include <conhub/store/workspaces.hpp>

#include "audit_recorder.hpp"
#include "builtin_tools.hpp"
#include "connector_host.hpp"
#include "commands.hpp"
#include "gateway/gateway.hpp"
#include "logging.hpp"
#include "store_access.hpp"
#include "token_authenticator.hpp"
#include "version.hpp"

namespace conhub::cli {

namespace {

constexpr const char* kUsage =
    "Usage: conhub-mcp serve --stdio [options]\n"
    "       conhub-mcp serve --http [HOST:]PORT [options]\n\n"
    "Serve MCP to one agent over stdin/stdout (newline-delimited JSON-RPC), or to any\n"
    "number of agents over HTTP: Streamable HTTP at /mcp (all revisions, 2026-07-28\n"
    "stateless included), legacy HTTP+SSE at /sse and /messages, liveness at /health.\n\n"
    "Options:\n"
    "  --stdio                  use the stdio transport\n"
    "  --http [HOST:]PORT       use HTTP (HOST defaults to 127.0.0.1; PORT 0 picks a free port).\n"
    "                           Clients send Authorization: Bearer <token> (conhub-mcp tokens create)\n"
    "  --no-auth                serve HTTP without tokens (loopback addresses only)\n"
    "  --allow-origin URL       also accept this browser Origin (repeatable)\n"
    "  --allow-host NAME[:PORT] also accept this Host header, e.g. behind a proxy (repeatable)\n"
    "  --no-legacy-sse          do not serve /sse and /messages\n"
    "  --max-sessions N         stateful HTTP sessions at once (default 4096)\n"
    "  --max-open-streams N     long-lived SSE connections at once (default 48)\n"
    "  --http-threads N         HTTP connections served at once (default 64)\n"
    "  --session-idle-timeout S end HTTP sessions idle this many seconds (default 1800)\n"
    "  --request-timeout S      cancel HTTP requests running longer (default 600; 0 = never)\n"
    "  --log-level LEVEL        trace, debug, info (default), warn, error, critical, off;\n"
    "                           also read from CONHUB_LOG. Logs go to stderr only.\n"
    "  --max-message-bytes N    largest accepted message or HTTP body (default 4194304)\n"
    "  --workers N              handler threads (default 8)\n"
    "  --workspace W            workspace to serve (default: default)\n"
    "  --gateway-config PATH    child MCP servers to start and expose as NAME__tool (default:\n"
    "                           gateway.json in the data directory, when it exists; docs/gateway.md)\n"
    "  --audit-retention-days N keep audit records N days (default 90; 0 keeps them all)\n\n"
    "Every connection of the workspace with a built-in connector (files, …) is served as tools\n"
    "and resources; connections added or removed meanwhile are picked up within 2 seconds\n"
    "(CONHUB_CONNECTIONS_POLL_MS changes the interval).\n";

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

std::chrono::seconds parse_seconds(const std::string& flag, const std::string& text) {
  return std::chrono::seconds(std::min<std::size_t>(parse_size(flag, text, 0), 365ULL * 24 * 3600));
}

/// "[HOST:]PORT"; IPv6 hosts in brackets ("[::1]:8080").
void parse_listen_address(const std::string& text, mcp::HttpOptions& options) {
  std::string port = text;
  if (auto colon = text.rfind(':'); colon != std::string::npos) {
    options.host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (options.host.size() >= 2 && options.host.front() == '[' && options.host.back() == ']')
      options.host = options.host.substr(1, options.host.size() - 2);
    if (options.host.empty()) throw UsageError{"--http needs HOST:PORT or PORT, got '" + text + "'"};
  }
  const std::size_t value = parse_size("--http port", port, 0);
  if (value > 65535) throw UsageError{"--http port must be 0..65535, got '" + port + "'"};
  options.port = static_cast<int>(value);
}

/// How often serve re-reads the workspace's connections (CONHUB_CONNECTIONS_POLL_MS, default 2000).
std::chrono::milliseconds connections_poll_interval() {
  if (const char* env = std::getenv("CONHUB_CONNECTIONS_POLL_MS")) {
    char* end = nullptr;
    const long value = std::strtol(env, &end, 10);
    if (end != env && *end == '\0' && value >= 50 && value <= 3'600'000) return std::chrono::milliseconds(value);
  }
  return std::chrono::milliseconds(2000);
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
  mcp::HttpOptions http_options;
  if (http) parse_listen_address(*http, http_options);
  const bool no_auth = args.flag("--no-auth");
  http_options.allowed_origins = args.values("--allow-origin");
  http_options.allowed_hosts = args.values("--allow-host");
  if (args.flag("--no-legacy-sse")) http_options.legacy_sse = false;
  auto& limits = http_options.limits;
  limits.max_body_bytes = stdio_options.max_message_bytes;
  if (auto n = args.value("--max-sessions")) limits.max_sessions = parse_size("--max-sessions", *n, 1);
  auto max_streams_flag = args.value("--max-open-streams");
  if (max_streams_flag) limits.max_open_streams = parse_size("--max-open-streams", *max_streams_flag, 1);
  if (auto n = args.value("--http-threads")) limits.http_threads = parse_size("--http-threads", *n, 2);
  if (auto s = args.value("--session-idle-timeout")) limits.session_idle_timeout = parse_seconds("--session-idle-timeout", *s);
  if (auto s = args.value("--request-timeout")) limits.request_timeout = parse_seconds("--request-timeout", *s);
  // Every open SSE stream holds an HTTP thread: keep at least one for ordinary requests.
  if (limits.max_open_streams >= limits.http_threads) {
    if (max_streams_flag)
      throw UsageError{"--max-open-streams must be below --http-threads (" + std::to_string(limits.http_threads) + ")"};
    limits.max_open_streams = limits.http_threads - 1;
  }
  const auto workspace = workspace_or_default(args.value("--workspace"));
  const auto gateway_flag = args.value("--gateway-config");
  store::AuditWriterOptions audit_options;
  if (auto days = args.value("--audit-retention-days"))
    audit_options.retention_days = static_cast<int>(std::min<std::size_t>(parse_size("--audit-retention-days", *days, 0), 1'000'000));
  args.expect_empty();

  if (http && stdio) throw UsageError{"choose one transport: --stdio or --http"};
  if (!stdio && !http) throw UsageError{"choose a transport: --stdio or --http [HOST:]PORT"};
  if (stdio && (no_auth || !http_options.allowed_origins.empty() || !http_options.allowed_hosts.empty()))
    throw UsageError{"--no-auth, --allow-origin and --allow-host apply to --http only"};

  setup_logging(log_level);
  // Every call is audited, so a store that cannot open stops the server before it serves.
  auto store = open_store();
  if (!store) return fail("serve", store.error());
  if (auto ws = store::Workspaces(store->db).get(workspace); !ws) return fail("serve", ws.error());
  // Credentials for the gateway's children are decrypted now, while the store is open.
  std::optional<GatewayPlan> gateway_plan;
  if (auto path = gateway_config_path(gateway_flag, store->dir)) {
    try {
      gateway_plan = plan_gateway(*path, *store, workspace);
    } catch (const std::runtime_error& e) {
      return fail("serve", e.what());
    }
  }
  store::AuditWriter audit(std::move(store->db), audit_options);  // outlives the server: flushed last
  server_options.on_call = audit_observer(audit, workspace);
  mcp::Server server({.name = "conhub-mcp",
                      .version = kVersion,
                      .title = "conhub-mcp connector hub",
                      .instructions = "conhub-mcp exposes the connections of one workspace as tools and resources."},
                     server_options);
  std::optional<Gateway> gateway;  // after the server: its children go first
  if (gateway_plan) gateway.emplace(std::move(*gateway_plan), server);
  add_builtin_tools(server, gateway ? std::function<nlohmann::json()>([&gateway] { return gateway->status(); })
                                    : std::function<nlohmann::json()>());
  // One connector per connection of the workspace, kept in step with the store while serving.
  ConnectorHost connectors(server, workspace);
  connectors.sync();
  connectors.start(connections_poll_interval());
  if (gateway) gateway->start();
  if (stdio) {
    spdlog::info("conhub-mcp {} serving workspace {} over stdio", kVersion, workspace);
    return mcp::run_stdio(server, stdio_options);
  }
  if (!no_auth) {
    auto tokens_db = open_store();
    if (!tokens_db) return fail("serve", tokens_db.error());
    http_options.authenticate = make_token_authenticator(std::move(tokens_db->db), workspace);
  }
  if (gateway)  // per child: name and state only (/health takes no token)
    http_options.health = [&gateway] {
      auto children = nlohmann::json::array();
      for (const auto& child : gateway->status()) children.push_back({{"name", child["name"]}, {"state", child["state"]}});
      return nlohmann::json{{"children", children}};
    };
  spdlog::info("conhub-mcp {} serving workspace {} over HTTP ({})", kVersion, workspace,
               no_auth ? "no authentication" : "bearer tokens of the workspace");
  return mcp::run_http(server, http_options);
}

}  // namespace conhub::cli
