// GatewayChild features: list the child's tools, resources, templates and prompts,
// register them namespaced, and forward calls (with progress, cancellation and the
// child's sampling/elicitation relayed to the agent).
#include <atomic>
#include <cstdio>
#include <functional>

#include <spdlog/spdlog.h>

#include "gateway/gateway_child.hpp"

namespace conhub::cli {

using nlohmann::json;

struct GatewayChild::ActiveCall {
  mcp::Context* context = nullptr;
  std::mutex ask_mutex;  // Context::ask is used by one thread at a time
  int asks = 0;          // guarded by GatewayChild::mutex_
};

namespace {

bool valid_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/// Every page of a list method (2025-11-25 server/utilities/pagination); nullopt when a
/// page fails, so the caller keeps what it had instead of dropping it.
std::optional<std::vector<json>> list_all(mcp::Client& client, const std::string& method, const std::string& key) {
  std::vector<json> items;
  json params = json::object();
  for (int page = 0; page < 1000; ++page) {
    auto reply = client.request(method, params);
    if (!reply) {
      spdlog::warn("gateway: {} failed: {}", method, reply.error().message);
      return std::nullopt;
    }
    if (auto it = reply->find(key); it != reply->end() && it->is_array())
      for (auto& item : *it) items.push_back(item);
    auto cursor = reply->find("nextCursor");
    if (cursor == reply->end() || !cursor->is_string()) break;
    params["cursor"] = *cursor;
  }
  return items;
}

std::string text_field(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

mcp::ToolResult to_tool_result(json reply) {
  mcp::ToolResult result;
  if (auto content = reply.find("content"); content != reply.end() && content->is_array())
    for (auto& block : *content) result.content.push_back(mcp::Content{std::move(block)});
  if (auto structured = reply.find("structuredContent"); structured != reply.end()) result.structured = *structured;
  if (auto error = reply.find("isError"); error != reply.end() && error->is_boolean()) result.is_error = error->get<bool>();
  if (auto meta = reply.find("_meta"); meta != reply.end() && meta->is_object()) result.meta = *meta;
  return result;
}

std::optional<bool> hint(const json& annotations, const char* key) {
  auto it = annotations.find(key);
  if (it == annotations.end() || !it->is_boolean()) return std::nullopt;
  return it->get<bool>();
}

}  // namespace

std::string GatewayChild::namespaced(const std::string& child, const std::string& feature) {
  std::string name = child + "__";
  for (char c : feature) name += valid_name_char(c) ? c : '_';
  if (name.size() > 64) {
    // Keep it unique: a short hash of the full name replaces the tail.
    char suffix[10];
    std::snprintf(suffix, sizeof suffix, "-%08zx", std::hash<std::string>{}(feature) & 0xffffffffU);
    name = name.substr(0, 64 - 9) + suffix;
  }
  return name;
}

mcp::RequestOptions GatewayChild::forwarding(mcp::Context& ctx) const {
  mcp::RequestOptions options;
  options.stop = ctx.stop_token();
  options.timeout = config_.request_timeout;
  options.on_progress = [&ctx](const json& params) {
    std::optional<double> total;
    if (auto t = params.find("total"); t != params.end() && t->is_number()) total = t->get<double>();
    auto progress = params.find("progress");
    ctx.progress(progress != params.end() && progress->is_number() ? progress->get<double>() : 0.0, total,
                 text_field(params, "message"));
  };
  return options;
}

mcp::ToolResult GatewayChild::call_tool(const std::string& original, const json& arguments, mcp::Context& ctx) {
  auto client = current_client();
  if (!client) return mcp::ToolResult::error(unavailable_text());
  ActiveCall call;
  call.context = &ctx;
  std::list<ActiveCall*>::iterator entry;
  {
    std::lock_guard lock(mutex_);
    entry = calls_.insert(calls_.end(), &call);
  }
  auto reply = client->request("tools/call", {{"name", original}, {"arguments", arguments}}, forwarding(ctx));
  {
    // The child's questions in flight use this Context: wait for them before it goes.
    std::unique_lock lock(mutex_);
    calls_.erase(entry);
    wake_.wait(lock, [&] { return call.asks == 0; });
  }
  if (!reply) {
    if (ctx.cancelled()) return mcp::ToolResult::error("cancelled");
    if (!client->running()) return mcp::ToolResult::error(unavailable_text());
    return mcp::ToolResult::error("The '" + config_.name + "' MCP server failed the call: " + reply.error().message);
  }
  return to_tool_result(std::move(*reply));
}

mcp::Result<mcp::ResourceContents> GatewayChild::read_resource(const std::string& uri, mcp::Context& ctx) {
  auto client = current_client();
  if (!client) return mcp::Error::internal(unavailable_text());
  auto reply = client->request("resources/read", {{"uri", uri}}, forwarding(ctx));
  if (!reply) return reply.error();
  mcp::ResourceContents contents;
  if (auto items = reply->find("contents"); items != reply->end() && items->is_array()) {
    for (const auto& item : *items) {
      mcp::ResourceContent content;
      content.uri = text_field(item, "uri");
      content.mime_type = text_field(item, "mimeType");
      if (item.contains("text")) content.text = text_field(item, "text");
      if (item.contains("blob")) content.blob_base64 = text_field(item, "blob");
      contents.push_back(std::move(content));
    }
  }
  return contents;
}

mcp::Result<mcp::PromptResult> GatewayChild::get_prompt(const std::string& original, const mcp::PromptArgs& args,
                                                        mcp::Context& ctx) {
  auto client = current_client();
  if (!client) return mcp::Error::internal(unavailable_text());
  json arguments = json::object();
  for (const auto& [key, value] : args) arguments[key] = value;
  auto reply = client->request("prompts/get", {{"name", original}, {"arguments", arguments}}, forwarding(ctx));
  if (!reply) return reply.error();
  mcp::PromptResult result;
  result.description = text_field(*reply, "description");
  if (auto messages = reply->find("messages"); messages != reply->end() && messages->is_array())
    for (const auto& m : *messages)
      result.messages.push_back({text_field(m, "role"), mcp::Content{m.value("content", json::object())}});
  return result;
}

mcp::Result<json> GatewayChild::relay_to_agent(const std::string& method, const json& params) {
  if (method != "sampling/createMessage" && method != "elicitation/create")
    return mcp::Error::method_not_found(method);
  ActiveCall* call = nullptr;
  {
    std::lock_guard lock(mutex_);
    // The child asks while serving a call; the newest call in progress is the one it
    // most likely serves (stdio carries no other association, 2025-11-25 basic/transports).
    if (!calls_.empty()) {
      call = calls_.back();
      ++call->asks;
    }
  }
  if (!call) return mcp::Error::internal("conhub-mcp relays " + method + " only during a tools/call from the agent");
  mcp::Result<json> answer = mcp::Error::internal("not asked");
  {
    std::lock_guard ask_lock(call->ask_mutex);
    static std::atomic<unsigned long> counter{0};
    try {
      answer = call->context->ask("gateway-" + config_.name + "-" + std::to_string(++counter),
                                  mcp::InputRequest{method, params});
    } catch (...) {
      // 2026-07-28 stateless sessions answer asks by re-running the handler: not relayable.
      answer = mcp::Error::internal("the agent's session cannot answer " + method + " for a gateway server");
    }
  }
  {
    std::lock_guard lock(mutex_);
    --call->asks;
  }
  wake_.notify_all();
  return answer;
}

void GatewayChild::refresh_features(mcp::Client& client) {
  const json& capabilities = client.server_initialize_result().value("capabilities", json::object());
  // A feature the child lists exactly as before keeps its registration, so a list_changed
  // never opens a window in which an unchanged tool is unknown; a changed one is replaced.
  std::map<std::string, Feature> old;
  {
    std::lock_guard lock(mutex_);
    old = std::move(registrations_);
    registrations_.clear();
  }
  std::map<std::string, Feature> fresh;
  std::vector<std::pair<std::string, std::pair<json, std::function<mcp::Registration()>>>> to_add;
  const auto offer = [&](const std::string& key, const json& listed, std::function<mcp::Registration()> add) {
    if (auto it = old.find(key); it != old.end() && it->second.listed == listed) {
      fresh[key] = std::move(it->second);
      old.erase(it);
      return;
    }
    to_add.push_back({key, {listed, std::move(add)}});
  };
  const auto keep_category = [&](const std::string& prefix) {  // its list failed: keep it all
    for (auto it = old.begin(); it != old.end();) {
      if (it->first.rfind(prefix, 0) == 0) {
        fresh[it->first] = std::move(it->second);
        it = old.erase(it);
      } else {
        ++it;
      }
    }
  };

  if (capabilities.contains("tools")) {
    auto tools = list_all(client, "tools/list", "tools");
    if (!tools) keep_category("tool:");
    for (const auto& tool : tools.value_or(std::vector<json>{})) {
      const std::string original = text_field(tool, "name");
      if (original.empty() || !config_.exposes_tool(original)) continue;
      mcp::ToolSpec spec;
      spec.name = namespaced(config_.name, original);
      spec.title = text_field(tool, "title");
      spec.description = text_field(tool, "description");
      spec.input = mcp::Schema::raw(tool.value("inputSchema", json{{"type", "object"}}));
      if (auto output = tool.find("outputSchema"); output != tool.end() && output->is_object())
        spec.output = mcp::Schema::raw(*output);
      const json annotations = tool.value("annotations", json::object());
      spec.hints = {hint(annotations, "readOnlyHint"), hint(annotations, "destructiveHint"),
                    hint(annotations, "idempotentHint"), hint(annotations, "openWorldHint")};
      offer("tool:" + spec.name, tool, [this, spec, original] {
        return server_.add_tool(spec, [this, original](const json& args, mcp::Context& ctx) {
          return call_tool(original, args, ctx);
        });
      });
    }
  }
  if (capabilities.contains("resources")) {
    auto resources = list_all(client, "resources/list", "resources");
    if (!resources) keep_category("resource:");
    for (const auto& resource : resources.value_or(std::vector<json>{})) {
      mcp::ResourceSpec spec{.uri = text_field(resource, "uri"),
                             .name = text_field(resource, "name"),
                             .title = text_field(resource, "title"),
                             .description = text_field(resource, "description"),
                             .mime_type = text_field(resource, "mimeType"),
                             .size = std::nullopt};
      if (spec.uri.empty()) continue;
      offer("resource:" + spec.uri, resource, [this, spec] {
        return server_.add_resource(spec, [this](const std::string& uri, mcp::Context& ctx) { return read_resource(uri, ctx); });
      });
    }
    auto templates = list_all(client, "resources/templates/list", "resourceTemplates");
    if (!templates) keep_category("template:");
    for (const auto& templ : templates.value_or(std::vector<json>{})) {
      mcp::ResourceTemplateSpec spec{.uri_template = text_field(templ, "uriTemplate"),
                                     .name = text_field(templ, "name"),
                                     .title = text_field(templ, "title"),
                                     .description = text_field(templ, "description"),
                                     .mime_type = text_field(templ, "mimeType")};
      if (spec.uri_template.empty()) continue;
      offer("template:" + spec.uri_template, templ, [this, spec] {
        return server_.add_resource_template(
            spec, [this](const mcp::UriMatch& match, mcp::Context& ctx) { return read_resource(match.uri, ctx); });
      });
    }
  }
  if (capabilities.contains("prompts")) {
    auto prompts = list_all(client, "prompts/list", "prompts");
    if (!prompts) keep_category("prompt:");
    for (const auto& prompt : prompts.value_or(std::vector<json>{})) {
      const std::string original = text_field(prompt, "name");
      if (original.empty()) continue;
      mcp::PromptSpec spec{.name = namespaced(config_.name, original),
                           .title = text_field(prompt, "title"),
                           .description = text_field(prompt, "description"),
                           .arguments = {}};
      if (auto args = prompt.find("arguments"); args != prompt.end() && args->is_array())
        for (const auto& a : *args) {
          auto required = a.find("required");
          spec.arguments.push_back({text_field(a, "name"), text_field(a, "description"),
                                    required != a.end() && required->is_boolean() && required->get<bool>()});
        }
      offer("prompt:" + spec.name, prompt, [this, spec, original] {
        return server_.add_prompt(spec, [this, original](const mcp::PromptArgs& args, mcp::Context& ctx) {
          return get_prompt(original, args, ctx);
        });
      });
    }
  }

  for (auto& [key, feature] : old) feature.registration.remove();  // gone or changed
  for (auto& [key, entry] : to_add) {
    try {
      fresh[key] = Feature{entry.second(), entry.first};
    } catch (const std::exception& e) {  // a duplicate name or URI: skip that one feature
      spdlog::warn("gateway server '{}': {} not exposed: {}", config_.name, key, e.what());
    }
  }
  for (auto& [key, feature] : fresh) feature.registration.enable();  // kept ones were disabled while down
  std::size_t tools = 0;
  for (const auto& [key, feature] : fresh) tools += key.rfind("tool:", 0) == 0 ? 1 : 0;
  std::lock_guard lock(mutex_);
  registrations_ = std::move(fresh);
  tool_count_ = tools;
}

}  // namespace conhub::cli
