#include "protocol/result_shaping.hpp"

namespace conhub::mcp::detail {

using nlohmann::json;

json content_for(Revision revision, json block) {
  const std::string type = block.value("type", "");
  // audio arrived in 2025-03-26, resource_link in 2025-06-18.
  if (type == "audio" && !at_least(revision, Revision::k2025_03_26)) {
    return json{{"type", "text"},
                {"text", "[audio (" + block.value("mimeType", std::string("unknown type")) +
                             ") omitted: protocol revision " + revision_name(revision) + " cannot carry audio]"}};
  }
  if (type == "resource_link" && !at_least(revision, Revision::k2025_06_18)) {
    std::string text = "Resource: " + block.value("name", std::string()) + " <" + block.value("uri", std::string()) + ">";
    if (block.contains("description")) text += " - " + block.value("description", std::string());
    return json{{"type", "text"}, {"text", std::move(text)}};
  }
  return block;
}

json tool_for(Revision revision, const ToolSpec& spec) {
  json tool{{"name", spec.name}, {"inputSchema", spec.input.json()}};
  if (!spec.description.empty()) tool["description"] = spec.description;
  if (at_least(revision, Revision::k2025_06_18)) {
    if (!spec.title.empty()) tool["title"] = spec.title;
    if (spec.output) tool["outputSchema"] = spec.output->json();
  }
  if (at_least(revision, Revision::k2025_03_26)) {
    json hints = json::object();
    if (spec.hints.read_only) hints["readOnlyHint"] = *spec.hints.read_only;
    if (spec.hints.destructive) hints["destructiveHint"] = *spec.hints.destructive;
    if (spec.hints.idempotent) hints["idempotentHint"] = *spec.hints.idempotent;
    if (spec.hints.open_world) hints["openWorldHint"] = *spec.hints.open_world;
    if (!hints.empty()) tool["annotations"] = std::move(hints);
  }
  if (at_least(revision, Revision::k2025_11_25) && !spec.icons.empty()) {
    json icons = json::array();
    for (const auto& icon : spec.icons) {
      json i{{"src", icon.src}};
      if (!icon.mime_type.empty()) i["mimeType"] = icon.mime_type;
      if (!icon.sizes.empty()) i["sizes"] = icon.sizes;
      icons.push_back(std::move(i));
    }
    tool["icons"] = std::move(icons);
  }
  return tool;
}

json implementation_for(Revision revision, const ServerInfo& info) {
  json out{{"name", info.name}, {"version", info.version}};
  if (at_least(revision, Revision::k2025_06_18) && !info.title.empty()) out["title"] = info.title;
  return out;
}

json capabilities_for(Revision revision) {
  json caps{{"tools", {{"listChanged", true}}},
            {"prompts", {{"listChanged", true}}},
            {"resources", {{"listChanged", true}, {"subscribe", true}}},
            {"logging", json::object()}};
  if (at_least(revision, Revision::k2025_03_26)) caps["completions"] = json::object();
  return caps;
}

json input_request_params_for(Revision revision, const std::string& method, json params) {
  // The elicitation `mode` field arrived with URL elicitation in 2025-11-25.
  if (method == "elicitation/create" && !at_least(revision, Revision::k2025_11_25)) params.erase("mode");
  return params;
}

void finish_result(Revision revision, json& result, const ServerInfo& info, const CacheHint* cache) {
  if (!is_stateless(revision) || !result.is_object()) return;
  if (!result.contains("resultType")) result["resultType"] = "complete";
  result["_meta"][kMetaServerInfo] = implementation_for(revision, info);
  if (cache != nullptr && result["resultType"] == "complete") {
    result["ttlMs"] = cache->ttl.count();
    result["cacheScope"] = cache->scope;
  }
}

}  // namespace conhub::mcp::detail
