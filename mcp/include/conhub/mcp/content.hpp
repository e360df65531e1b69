// Content blocks carried by tool results, prompt messages and sampling: text, image,
// audio, resource links and embedded resources. The server rewrites blocks that an older
// protocol revision cannot carry (e.g. audio on 2024-11-05), so handlers never branch
// on revisions. Value types; thread-safe to copy.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace conhub::mcp {

struct Content {
  static Content text(std::string text);
  /// `base64_data` is the already-encoded payload.
  static Content image(std::string base64_data, std::string mime_type);
  static Content audio(std::string base64_data, std::string mime_type);
  static Content resource_link(std::string uri, std::string name, std::string mime_type = {},
                               std::string description = {});
  static Content embedded_text(std::string uri, std::string text, std::string mime_type = "text/plain");
  static Content embedded_blob(std::string uri, std::string base64_data, std::string mime_type);

  nlohmann::json wire;  // the wire form, e.g. {"type":"text","text":"…"}
};

/// The result of a tool call. `error()` marks a tool execution error (isError: true):
/// the model sees the message and can correct itself (STYLE.md §3, plane 2).
struct ToolResult {
  std::vector<Content> content;
  std::optional<nlohmann::json> structured;  // structuredContent (2025-06-18+)
  bool is_error = false;
  std::optional<nlohmann::json> meta;  // the result's `_meta`, passed through unchanged

  static ToolResult text(std::string text);
  static ToolResult error(std::string message);
  /// Structured output plus its JSON text, so clients without structured support see it too.
  static ToolResult structured_json(nlohmann::json value);
};

}  // namespace conhub::mcp
