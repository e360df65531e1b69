// Value constructors of the public wire types: errors, content blocks, tool results,
// resource contents and input requests.
#include "conhub/mcp/content.hpp"
#include "conhub/mcp/context.hpp"
#include "conhub/mcp/error.hpp"
#include "conhub/mcp/resource.hpp"

namespace conhub::mcp {

using nlohmann::json;

Error Error::parse_error(std::string message) { return {ErrorCode::kParseError, std::move(message), nullptr}; }
Error Error::invalid_request(std::string message) {
  return {ErrorCode::kInvalidRequest, std::move(message), nullptr};
}
Error Error::method_not_found(std::string method) {
  return {ErrorCode::kMethodNotFound, "Method not found: " + method, nullptr};
}
Error Error::invalid_params(std::string message) {
  return {ErrorCode::kInvalidParams, std::move(message), nullptr};
}
Error Error::internal(std::string message) { return {ErrorCode::kInternalError, std::move(message), nullptr}; }
Error Error::resource_not_found(std::string uri) {
  return {ErrorCode::kResourceNotFound, "Resource not found: " + uri, json{{"uri", uri}}};
}
Error Error::missing_capability(std::string capability) {
  return {ErrorCode::kMissingRequiredClientCapability,
          "Server requires the " + capability + " capability for this request",
          json{{"requiredCapabilities", json{{capability, json::object()}}}}};
}

json Error::to_json() const {
  json out{{"code", static_cast<int>(code)}, {"message", message}};
  if (!data.is_null()) out["data"] = data;
  return out;
}

Content Content::text(std::string text) { return {json{{"type", "text"}, {"text", std::move(text)}}}; }
Content Content::image(std::string base64_data, std::string mime_type) {
  return {json{{"type", "image"}, {"data", std::move(base64_data)}, {"mimeType", std::move(mime_type)}}};
}
Content Content::audio(std::string base64_data, std::string mime_type) {
  return {json{{"type", "audio"}, {"data", std::move(base64_data)}, {"mimeType", std::move(mime_type)}}};
}
Content Content::resource_link(std::string uri, std::string name, std::string mime_type,
                               std::string description) {
  json out{{"type", "resource_link"}, {"uri", std::move(uri)}, {"name", std::move(name)}};
  if (!mime_type.empty()) out["mimeType"] = std::move(mime_type);
  if (!description.empty()) out["description"] = std::move(description);
  return {std::move(out)};
}
Content Content::embedded_text(std::string uri, std::string text, std::string mime_type) {
  return {json{{"type", "resource"},
               {"resource", {{"uri", std::move(uri)}, {"mimeType", std::move(mime_type)}, {"text", std::move(text)}}}}};
}
Content Content::embedded_blob(std::string uri, std::string base64_data, std::string mime_type) {
  return {json{{"type", "resource"},
               {"resource",
                {{"uri", std::move(uri)}, {"mimeType", std::move(mime_type)}, {"blob", std::move(base64_data)}}}}};
}

ToolResult ToolResult::text(std::string text) { return {{Content::text(std::move(text))}, std::nullopt, false, std::nullopt}; }
ToolResult ToolResult::error(std::string message) { return {{Content::text(std::move(message))}, std::nullopt, true, std::nullopt}; }
ToolResult ToolResult::structured_json(json value) {
  std::string text = value.dump();
  return {{Content::text(std::move(text))}, std::move(value), false, std::nullopt};
}

ResourceContent ResourceContent::of_text(std::string uri, std::string text, std::string mime_type) {
  return {std::move(uri), std::move(mime_type), std::move(text), std::nullopt};
}
ResourceContent ResourceContent::of_blob(std::string uri, std::string base64_data, std::string mime_type) {
  return {std::move(uri), std::move(mime_type), std::nullopt, std::move(base64_data)};
}

InputRequest InputRequest::elicit(std::string message, json requested_schema) {
  return {"elicitation/create", json{{"mode", "form"}, {"message", std::move(message)}, {"requestedSchema", std::move(requested_schema)}}};
}
InputRequest InputRequest::sample(json params) { return {"sampling/createMessage", std::move(params)}; }
InputRequest InputRequest::list_roots() { return {"roots/list", json::object()}; }

}  // namespace conhub::mcp
