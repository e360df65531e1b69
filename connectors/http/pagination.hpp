// Walking paged APIs with an HttpClient: a NextPage strategy says which request fetches the
// page after a response (a Link rel="next", a cursor or page token in the JSON body, or a
// page number), and for_each_page drives it with a page cap and the caller's stop token.
// Thread-safety: the strategies are stateless values; for_each_page runs on the caller's thread.
#pragma once

#include <functional>
#include <optional>
#include <stop_token>
#include <string>

#include "http/api_error.hpp"
#include "http/http_client.hpp"
#include "http/http_types.hpp"

namespace conhub::connectors {

/// The request for the page after `page` (fetched by `current`), or nullopt at the end.
using NextPage = std::function<std::optional<Request>(const Request& current, const Response& page)>;

/// RFC 8288: follows the Link header's rel="next" target (GitHub, GitLab). The client
/// refuses a target outside its base URL's origin, so a link cannot redirect the credential.
NextPage next_by_link_header();
/// Cursor or page-token APIs: reads the token at `json_pointer` in the body ("/next_cursor",
/// "/response_metadata/next_cursor", "/nextPageToken") and sets it as query parameter
/// `query_param` on the same request. A missing, null or empty token ends the walk.
NextPage next_by_json_cursor(std::string json_pointer, std::string query_param);
/// Page-number APIs: sets `query_param` to the next number while the last page was full
/// (held at least `page_size` items in the array at `items_pointer`, "" for the body itself).
NextPage next_by_page_number(std::string query_param, std::string items_pointer, int page_size, int first_page = 1);

/// Fetches up to `max_pages` pages, calling `on_page` for each; `on_page` returns false to
/// stop early. Returns the number of pages fetched, or the first error.
Result<int> for_each_page(HttpClient& client, Request first, const NextPage& next, int max_pages,
                          const std::function<bool(const Response&)>& on_page, std::stop_token stop = {});

}  // namespace conhub::connectors
