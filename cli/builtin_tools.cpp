#include "builtin_tools.hpp"

#include <chrono>

#include "version.hpp"

namespace conhub::cli {

namespace {

struct EchoArgs {
  std::string text;
};
void from_json(const nlohmann::json& j, EchoArgs& args) { j.at("text").get_to(args.text); }

}  // namespace

void add_builtin_tools(mcp::Server& server, std::function<nlohmann::json()> children) {
  const auto started = std::chrono::steady_clock::now();

  server.add_tool(
      {.name = "conhub_status",
       .title = "conhub-mcp status",
       .description = "Report the conhub-mcp server's version, uptime, the protocol revision in use and the "
                      "state of each gateway child server.",
       .input = mcp::Schema::object(),
       .output = mcp::Schema::object({{"version", mcp::Schema::string()},
                                      {"uptime_seconds", mcp::Schema::number()},
                                      {"protocol_version", mcp::Schema::string()},
                                      {"server", mcp::Schema::string()},
                                      {"children", mcp::Schema::array(mcp::Schema::any()).optional()}}),
       .hints = {.read_only = true, .idempotent = true, .open_world = false}},
      [started, children](const nlohmann::json&, mcp::Context& ctx) {
        const std::chrono::duration<double> uptime = std::chrono::steady_clock::now() - started;
        nlohmann::json status = {{"server", "conhub-mcp"},
                                 {"version", kVersion},
                                 {"uptime_seconds", uptime.count()},
                                 {"protocol_version", ctx.protocol_version()}};
        if (children) status["children"] = children();
        return mcp::ToolResult::structured_json(std::move(status));
      });

  server.add_typed_tool<EchoArgs>(
      {.name = "conhub_echo",
       .title = "Echo",
       .description = "Return the given text unchanged; use it to check that the connection works.",
       .input = mcp::Schema::object({{"text", mcp::Schema::string("text to send back")}}),
       .hints = {.read_only = true, .idempotent = true, .open_world = false}},
      [](const EchoArgs& args, mcp::Context&) { return mcp::ToolResult::text(args.text); });
}

}  // namespace conhub::cli
