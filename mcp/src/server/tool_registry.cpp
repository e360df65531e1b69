// tools/list and tools/call.
#include <spdlog/spdlog.h>

#include "protocol/result_shaping.hpp"
#include "server/list_page.hpp"
#include "server/server_core.hpp"
#include "session/dispatcher.hpp"
#include "session/request_context.hpp"

namespace conhub::mcp::detail {

using nlohmann::json;

Reply list_tools(RequestScope& scope) {
  return list_page(scope, scope.core().tools, "tools", [](const ToolSpec& s) { return s.name; }, tool_for);
}

namespace {

json tool_result_json(Revision revision, ToolResult outcome) {
  json content = json::array();
  for (auto& block : outcome.content) content.push_back(content_for(revision, std::move(block.wire)));
  json result{{"content", std::move(content)}};
  if (outcome.is_error) result["isError"] = true;
  if (outcome.structured && at_least(revision, Revision::k2025_06_18))
    result["structuredContent"] = std::move(*outcome.structured);
  if (outcome.meta && outcome.meta->is_object()) result["_meta"] = std::move(*outcome.meta);
  return result;
}

ToolResult run_handler(const ToolEntry& tool, const json& arguments, RequestScope& scope) {
  if (auto problem = validate_against_schema(tool.spec.input.json(), arguments); !problem.empty()) {
    return ToolResult::error("Invalid arguments for tool " + tool.spec.name + ": " + problem);
  }
  ToolResult outcome;
  try {
    outcome = tool.handler(arguments, scope);
  } catch (const InputRequiredSignal&) {
    throw;
  } catch (const std::exception& e) {
    // STYLE.md §3: log with the request id, tell the model without leaking internals.
    spdlog::error("tool {} failed on request {}: {}", tool.spec.name, scope.id.dump(), e.what());
    return ToolResult::error("Tool " + tool.spec.name + " failed with an internal error; the server log has details.");
  }
  if (tool.spec.output && !outcome.is_error) {
    std::string problem = outcome.structured ? validate_against_schema(tool.spec.output->json(), *outcome.structured)
                                             : "no structured content";
    if (!problem.empty()) {
      spdlog::error("tool {} returned a result that does not match its outputSchema: {}", tool.spec.name, problem);
      return ToolResult::error("Tool " + tool.spec.name + " produced a result that does not match its output schema.");
    }
  }
  return outcome;
}

}  // namespace

Reply call_tool(RequestScope& scope) {
  auto name = scope.params.find("name");
  if (name == scope.params.end() || !name->is_string())
    return Reply::failure(Error::invalid_params("tools/call needs a string \"name\""));
  auto tool = scope.core().tools.find(name->get<std::string>());
  // A disabled tool (e.g. a gateway child being restarted) is known but unavailable: a
  // tool error the model can act on, not "unknown tool", since it was listed before.
  if (!tool && scope.core().tools.disabled(name->get<std::string>()))
    return Reply::of(tool_result_json(scope.revision, ToolResult::error("Tool " + name->get<std::string>() +
                                                                        " is temporarily unavailable; try again later.")));
  // 2025-11-25 server/tools: an unknown tool is a protocol error (-32602).
  if (!tool) return Reply::failure(Error::invalid_params("Unknown tool: " + name->get<std::string>()));

  static const json kNoArguments = json::object();
  const json* arguments = &kNoArguments;
  if (auto it = scope.params.find("arguments"); it != scope.params.end() && !it->is_null()) {
    if (!it->is_object()) return Reply::failure(Error::invalid_params("tools/call \"arguments\" must be an object"));
    arguments = &*it;
  }
  if (auto problem = scope.load_answers(tool->spec.name, *arguments)) return Reply::failure(Error::invalid_params(*problem));
  try {
    return Reply::of(tool_result_json(scope.revision, run_handler(*tool, *arguments, scope)));
  } catch (const InputRequiredSignal& signal) {
    return Reply::of(scope.input_required(signal));
  }
}

}  // namespace conhub::mcp::detail
