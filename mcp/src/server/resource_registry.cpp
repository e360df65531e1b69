// resources/list, resources/templates/list, resources/read, resources/subscribe and
// resources/unsubscribe.
#include <spdlog/spdlog.h>

#include "protocol/result_shaping.hpp"
#include "server/list_page.hpp"
#include "server/server_core.hpp"
#include "session/dispatcher.hpp"
#include "session/request_context.hpp"
#include "session/session.hpp"

namespace conhub::mcp::detail {

using nlohmann::json;

namespace {

void put_optional(json& out, const char* key, const std::string& value) {
  if (!value.empty()) out[key] = value;
}

json resource_json(Revision revision, const ResourceSpec& spec) {
  json out{{"uri", spec.uri}, {"name", spec.name}};
  if (at_least(revision, Revision::k2025_06_18)) put_optional(out, "title", spec.title);
  put_optional(out, "description", spec.description);
  put_optional(out, "mimeType", spec.mime_type);
  if (spec.size) out["size"] = *spec.size;
  return out;
}

json template_json(Revision revision, const ResourceTemplateSpec& spec) {
  json out{{"uriTemplate", spec.uri_template}, {"name", spec.name}};
  if (at_least(revision, Revision::k2025_06_18)) put_optional(out, "title", spec.title);
  put_optional(out, "description", spec.description);
  put_optional(out, "mimeType", spec.mime_type);
  return out;
}

json contents_json(const ResourceContents& contents) {
  json out = json::array();
  for (const auto& item : contents) {
    json entry{{"uri", item.uri}};
    put_optional(entry, "mimeType", item.mime_type);
    if (item.blob_base64) entry["blob"] = *item.blob_base64;
    else entry["text"] = item.text.value_or("");
    out.push_back(std::move(entry));
  }
  return out;
}

std::optional<std::string> uri_param(RequestScope& scope) {
  auto it = scope.params.find("uri");
  if (it == scope.params.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace

Reply list_resources(RequestScope& scope) {
  return list_page(scope, scope.core().resources, "resources", [](const ResourceSpec& s) { return s.uri; },
                   resource_json);
}

Reply list_resource_templates(RequestScope& scope) {
  return list_page(scope, scope.core().resource_templates, "resourceTemplates",
                   [](const ResourceTemplateSpec& s) { return s.uri_template; }, template_json);
}

Reply read_resource(RequestScope& scope) {
  auto uri = uri_param(scope);
  if (!uri) return Reply::failure(Error::invalid_params("resources/read needs a non-empty string \"uri\""));
  if (auto problem = scope.load_answers(*uri, json::object())) return Reply::failure(Error::invalid_params(*problem));

  auto outcome = [&]() -> Result<ResourceContents> {
    if (auto fixed = scope.core().resources.find(*uri)) return fixed->handler(*uri, scope);
    for (const auto& entry : scope.core().resource_templates.all()) {
      if (auto variables = entry->matcher.match(*uri)) return entry->handler(UriMatch{*uri, std::move(*variables)}, scope);
    }
    return Error::resource_not_found(*uri);
  };
  try {
    auto contents = outcome();
    if (!contents) return Reply::failure(contents.error());
    return Reply::of(json{{"contents", contents_json(*contents)}});
  } catch (const InputRequiredSignal& signal) {
    return Reply::of(scope.input_required(signal));
  } catch (const std::exception& e) {
    spdlog::error("reading resource {} failed on request {}: {}", *uri, scope.id.dump(), e.what());
    return Reply::failure(Error::internal("Reading the resource failed with an internal error"));
  }
}

Reply subscribe_resource(RequestScope& scope) {
  auto uri = uri_param(scope);
  if (!uri) return Reply::failure(Error::invalid_params("resources/subscribe needs a non-empty string \"uri\""));
  scope.session().subscribe(*uri, true);
  return Reply::of(json::object());
}

Reply unsubscribe_resource(RequestScope& scope) {
  auto uri = uri_param(scope);
  if (!uri) return Reply::failure(Error::invalid_params("resources/unsubscribe needs a non-empty string \"uri\""));
  scope.session().subscribe(*uri, false);
  return Reply::of(json::object());
}

}  // namespace conhub::mcp::detail
