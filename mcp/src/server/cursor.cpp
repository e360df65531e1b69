// Opaque pagination cursors: a sealed "continue after key K" bound to the list method, so
// a cursor is stable while the list changes and a forged or foreign one is refused with
// invalid params (2025-11-25 server/utilities/pagination).
#include "server/server_core.hpp"
#include "session/dispatcher.hpp"
#include "session/request_context.hpp"

namespace conhub::mcp::detail {

using nlohmann::json;

namespace {
constexpr std::chrono::hours kCursorLifetime{24};
}

std::optional<Error> read_cursor(RequestScope& scope, std::string& after) {
  after.clear();
  auto it = scope.params.find("cursor");
  if (it == scope.params.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) return Error::invalid_params("Invalid cursor: must be a string");
  auto payload = scope.core().sealer().open("cursor:" + scope.method, it->get<std::string>());
  if (!payload || !payload->is_object() || !(*payload)["after"].is_string())
    return Error::invalid_params("Invalid cursor: not one this server issued for " + scope.method +
                                 " (or it expired); list again without a cursor");
  after = (*payload)["after"].get<std::string>();
  return std::nullopt;
}

void write_cursor(RequestScope& scope, json& result, bool more, const std::string& last_key) {
  if (!more) return;
  result["nextCursor"] = scope.core().sealer().seal("cursor:" + scope.method, json{{"after", last_key}},
                                                    std::chrono::duration_cast<std::chrono::seconds>(kCursorLifetime));
}

}  // namespace conhub::mcp::detail
