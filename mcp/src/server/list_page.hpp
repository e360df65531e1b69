// The one shape of every */list method: read the cursor, take a page of the catalog,
// render each entry for the revision, add nextCursor when more remain.
#pragma once

#include <string>

#include "server/catalog.hpp"
#include "server/server_core.hpp"
#include "session/dispatcher.hpp"
#include "session/request_context.hpp"

namespace conhub::mcp::detail {

template <typename Entry, typename KeyOf, typename Render>
Reply list_page(RequestScope& scope, const Catalog<Entry>& catalog, const char* field, KeyOf key_of, Render render) {
  std::string after;
  if (auto error = read_cursor(scope, after)) return Reply::failure(*error);
  bool more = false;
  auto page = catalog.page(after, scope.core().options().page_size, more);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& entry : page) items.push_back(render(scope.revision, entry->spec));
  nlohmann::json result{{field, std::move(items)}};
  write_cursor(scope, result, more, page.empty() ? after : key_of(page.back()->spec));
  return Reply::of(std::move(result));
}

}  // namespace conhub::mcp::detail
