// The 20-line server the docs promise: one tool, served over stdio.
#include <conhub/mcp/run.hpp>
#include <conhub/mcp/server.hpp>

namespace mcp = conhub::mcp;

int main() {
  mcp::Server server({.name = "weather", .version = "1.0.0"});
  server.add_tool({.name = "get_weather",
                   .description = "Current weather for a city.",
                   .input = mcp::Schema::object({{"city", mcp::Schema::string("city name")}})},
                  [](const nlohmann::json& args, mcp::Context&) {
                    return mcp::ToolResult::text("Sunny in " + args["city"].get<std::string>());
                  });
  return mcp::run_stdio(server);
}
