// The method table and the small protocol-level handlers (ping, discovery, log level,
// 2026-07-28 listen streams). Feature handlers live in server/*_registry.cpp.
#include "session/dispatcher.hpp"

#include <map>

#include "protocol/result_shaping.hpp"
#include "server/server_core.hpp"
#include "session/request_context.hpp"
#include "session/session.hpp"

namespace conhub::mcp::detail {

using nlohmann::json;

namespace {

Reply ping(RequestScope&) { return Reply::of(json::object()); }

Reply discover(RequestScope& scope) {
  const ServerInfo& info = scope.core().info();
  json result{{"supportedVersions", supported_revision_names()}, {"capabilities", capabilities_for(kLatest)}};
  if (!info.instructions.empty()) result["instructions"] = info.instructions;
  return Reply::of(std::move(result));
}

Reply set_level(RequestScope& scope) {
  auto level = scope.params.find("level");
  auto parsed = level != scope.params.end() && level->is_string() ? parse_log_level(*level) : std::nullopt;
  if (!parsed) return Reply::failure(Error::invalid_params("logging/setLevel needs \"level\", one of debug, info, notice, "
                                                           "warning, error, critical, alert, emergency"));
  scope.session().set_log_level(*parsed);
  return Reply::of(json::object());
}

Reply listen(RequestScope& scope) {
  auto filter = scope.params.find("notifications");
  if (filter == scope.params.end() || !filter->is_object())
    return Reply::failure(Error::invalid_params("subscriptions/listen needs a \"notifications\" object"));
  scope.session().listen(scope.id, *filter, scope.respond);
  return Reply{nullptr, std::nullopt, true};
}

//                                                 handler               pool   stateful stateless
const std::map<std::string, Route> kRoutes = {
    {"ping",                     {ping,                    false, true,  false}},  // removed in 2026-07-28
    {"server/discover",          {discover,                false, false, true}},
    {"logging/setLevel",         {set_level,               false, true,  false}},
    {"tools/list",               {list_tools,              false, true,  true}},
    {"tools/call",               {call_tool,               true,  true,  true}},
    {"resources/list",           {list_resources,          false, true,  true}},
    {"resources/templates/list", {list_resource_templates, false, true,  true}},
    {"resources/read",           {read_resource,           true,  true,  true}},
    {"resources/subscribe",      {subscribe_resource,      false, true,  false}},
    {"resources/unsubscribe",    {unsubscribe_resource,    false, true,  false}},
    {"subscriptions/listen",     {listen,                  false, false, true}},
    {"prompts/list",             {list_prompts,            false, true,  true}},
    {"prompts/get",              {get_prompt,              true,  true,  true}},
    {"completion/complete",      {complete,                true,  true,  true}},
};

}  // namespace

const Route* find_route(const std::string& method) {
  auto it = kRoutes.find(method);
  return it == kRoutes.end() ? nullptr : &it->second;
}

}  // namespace conhub::mcp::detail
