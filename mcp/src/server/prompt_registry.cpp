// prompts/list, prompts/get and completion/complete.
#include <spdlog/spdlog.h>

#include "protocol/result_shaping.hpp"
#include "server/list_page.hpp"
#include "server/server_core.hpp"
#include "session/dispatcher.hpp"
#include "session/request_context.hpp"

namespace conhub::mcp::detail {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxCompletionValues = 100;  // 2025-11-25 server/utilities/completion

json prompt_json(Revision revision, const PromptSpec& spec) {
  json out{{"name", spec.name}};
  if (at_least(revision, Revision::k2025_06_18) && !spec.title.empty()) out["title"] = spec.title;
  if (!spec.description.empty()) out["description"] = spec.description;
  if (!spec.arguments.empty()) {
    json arguments = json::array();
    for (const auto& a : spec.arguments) {
      json arg{{"name", a.name}, {"required", a.required}};
      if (!a.description.empty()) arg["description"] = a.description;
      arguments.push_back(std::move(arg));
    }
    out["arguments"] = std::move(arguments);
  }
  return out;
}

}  // namespace

Reply list_prompts(RequestScope& scope) {
  return list_page(scope, scope.core().prompts, "prompts", [](const PromptSpec& s) { return s.name; }, prompt_json);
}

Reply get_prompt(RequestScope& scope) {
  auto name = scope.params.find("name");
  if (name == scope.params.end() || !name->is_string())
    return Reply::failure(Error::invalid_params("prompts/get needs a string \"name\""));
  auto prompt = scope.core().prompts.find(name->get<std::string>());
  if (!prompt) return Reply::failure(Error::invalid_params("Unknown prompt: " + name->get<std::string>()));

  PromptArgs arguments;
  json raw_arguments = json::object();
  if (auto it = scope.params.find("arguments"); it != scope.params.end() && !it->is_null()) {
    if (!it->is_object()) return Reply::failure(Error::invalid_params("prompts/get \"arguments\" must be an object"));
    for (const auto& [key, value] : it->items()) {
      if (!value.is_string())
        return Reply::failure(Error::invalid_params("prompt argument '" + key + "' must be a string"));
      arguments[key] = value.get<std::string>();
    }
    raw_arguments = *it;
  }
  for (const auto& declared : prompt->spec.arguments) {
    if (declared.required && !arguments.count(declared.name))
      return Reply::failure(Error::invalid_params("missing required argument '" + declared.name + "' for prompt " +
                                                  prompt->spec.name));
  }
  if (auto problem = scope.load_answers(prompt->spec.name, raw_arguments))
    return Reply::failure(Error::invalid_params(*problem));
  try {
    auto outcome = prompt->handler(arguments, scope);
    if (!outcome) return Reply::failure(outcome.error());
    json messages = json::array();
    for (const auto& m : outcome->messages)
      messages.push_back(json{{"role", m.role}, {"content", content_for(scope.revision, m.content.wire)}});
    json result{{"messages", std::move(messages)}};
    if (!outcome->description.empty()) result["description"] = outcome->description;
    return Reply::of(std::move(result));
  } catch (const InputRequiredSignal& signal) {
    return Reply::of(scope.input_required(signal));
  } catch (const std::exception& e) {
    spdlog::error("prompt {} failed on request {}: {}", prompt->spec.name, scope.id.dump(), e.what());
    return Reply::failure(Error::internal("The prompt failed with an internal error"));
  }
}

Reply complete(RequestScope& scope) {
  const json& ref = scope.params.contains("ref") ? scope.params["ref"] : json();
  const json& argument = scope.params.contains("argument") ? scope.params["argument"] : json();
  if (!ref.is_object() || !argument.is_object() || !argument.contains("name") || !argument["name"].is_string())
    return Reply::failure(Error::invalid_params("completion/complete needs \"ref\" and \"argument\" {name, value}"));
  const std::string type = ref.value("type", "");
  CompletionRef::Kind kind;
  std::string target;
  if (type == "ref/prompt" && ref.contains("name") && ref["name"].is_string()) {
    kind = CompletionRef::Kind::kPrompt;
    target = ref["name"];
    if (!scope.core().prompts.find(target)) return Reply::failure(Error::invalid_params("Unknown prompt: " + target));
  } else if (type == "ref/resource" && ref.contains("uri") && ref["uri"].is_string()) {
    kind = CompletionRef::Kind::kResourceTemplate;
    target = ref["uri"];
    if (!scope.core().resource_templates.find(target))
      return Reply::failure(Error::invalid_params("Unknown resource template: " + target));
  } else {
    return Reply::failure(Error::invalid_params("completion ref must be ref/prompt {name} or ref/resource {uri}"));
  }
  std::map<std::string, std::string> context_arguments;
  if (auto ctx = scope.params.find("context"); ctx != scope.params.end() && ctx->is_object()) {
    if (auto args = ctx->find("arguments"); args != ctx->end() && args->is_object()) {
      for (const auto& [k, v] : args->items())
        if (v.is_string()) context_arguments[k] = v.get<std::string>();
    }
  }
  std::vector<std::string> values;
  if (const auto* handler = scope.core().find_completion(kind, target, argument["name"].get<std::string>())) {
    try {
      values = (*handler)(argument.value("value", std::string()), context_arguments);
    } catch (const std::exception& e) {
      spdlog::error("completion for {} failed on request {}: {}", target, scope.id.dump(), e.what());
      return Reply::failure(Error::internal("Completion failed with an internal error"));
    }
  }
  const std::size_t total = values.size();
  if (values.size() > kMaxCompletionValues) values.resize(kMaxCompletionValues);
  return Reply::of(json{{"completion", {{"values", values}, {"total", total}, {"hasMore", total > values.size()}}}});
}

}  // namespace conhub::mcp::detail
