// Tool declarations: ToolSpec is what tools/list shows, ToolHandler is what tools/call runs.
// Handlers run on the server's worker pool and may be called concurrently.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "conhub/mcp/content.hpp"
#include "conhub/mcp/schema.hpp"

namespace conhub::mcp {

class Context;

/// Tool annotations (2025-03-26+). Unset hints are omitted from the wire.
struct ToolHints {
  std::optional<bool> read_only;
  std::optional<bool> destructive;
  std::optional<bool> idempotent;
  std::optional<bool> open_world;
};

struct Icon {
  std::string src;
  std::string mime_type;
  std::vector<std::string> sizes;
};

struct ToolSpec {
  std::string name;  // ^[a-zA-Z0-9_-]{1,64}$, checked at registration
  std::string title;
  std::string description;
  Schema input = Schema::object();
  std::optional<Schema> output;  // outputSchema (2025-06-18+); results must then carry structured content
  ToolHints hints;
  std::vector<Icon> icons;
};

using ToolHandler = std::function<ToolResult(const nlohmann::json& arguments, Context& context)>;

}  // namespace conhub::mcp
