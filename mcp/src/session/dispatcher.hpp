// The method table: which handler serves each request method, on which wire era, and
// whether it runs inline on the transport's thread (cheap, registry-only work) or on the
// worker pool (anything that runs user code).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "conhub/mcp/error.hpp"

namespace conhub::mcp::detail {

class RequestScope;

struct Reply {
  nlohmann::json result = nlohmann::json::object();
  std::optional<Error> error;
  bool deferred = false;  // answered later (subscriptions/listen) or never

  static Reply of(nlohmann::json result) { return {std::move(result), std::nullopt, false}; }
  static Reply failure(Error error) { return {nullptr, std::move(error), false}; }
};

struct Route {
  Reply (*handle)(RequestScope&);
  bool on_pool;
  bool stateful;   // available after initialize (2024-11-05 … 2025-11-25)
  bool stateless;  // available on the 2026-07-28 wire
};

const Route* find_route(const std::string& method);

// Handlers, one file per feature registry.
Reply list_tools(RequestScope& scope);
Reply call_tool(RequestScope& scope);
Reply list_resources(RequestScope& scope);
Reply list_resource_templates(RequestScope& scope);
Reply read_resource(RequestScope& scope);
Reply subscribe_resource(RequestScope& scope);
Reply unsubscribe_resource(RequestScope& scope);
Reply list_prompts(RequestScope& scope);
Reply get_prompt(RequestScope& scope);
Reply complete(RequestScope& scope);

/// Pagination (server/cursor.cpp): the key to continue after, or an invalid-params error.
std::optional<Error> read_cursor(RequestScope& scope, std::string& after);
/// Adds nextCursor to `result` when `more`.
void write_cursor(RequestScope& scope, nlohmann::json& result, bool more, const std::string& last_key);

}  // namespace conhub::mcp::detail
