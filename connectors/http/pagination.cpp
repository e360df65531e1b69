#include "http/pagination.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "http/link_header.hpp"

namespace conhub::connectors {

namespace {

// nlohmann throws on a malformed pointer and on a pointer into a non-object; both mean
// "no value here" to a pager (STYLE.md §3: catch third-party throws at the call site).
const nlohmann::json* at_pointer(const nlohmann::json& document, const std::string& pointer) {
  try {
    const nlohmann::json::json_pointer ptr(pointer);
    if (!document.contains(ptr)) return nullptr;
    return &document.at(ptr);
  } catch (const nlohmann::json::exception&) {
    return nullptr;
  }
}

std::optional<std::string> query_value(std::string_view target, std::string_view key) {
  const auto query_at = target.find('?');
  if (query_at == std::string_view::npos) return std::nullopt;
  auto rest = target.substr(query_at + 1);
  rest = rest.substr(0, rest.find('#'));
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const auto pair = rest.substr(0, amp);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == key) return std::string(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

}  // namespace

NextPage next_by_link_header() {
  return [](const Request& current, const Response& page) -> std::optional<Request> {
    auto target = find_link(page.headers, "next");
    if (!target || target->empty()) return std::nullopt;
    Request next = current;
    next.target = std::move(*target);
    return next;
  };
}

NextPage next_by_json_cursor(std::string json_pointer, std::string query_param) {
  return [json_pointer = std::move(json_pointer), query_param = std::move(query_param)](
             const Request& current, const Response& page) -> std::optional<Request> {
    const auto body = nlohmann::json::parse(page.body, nullptr, false);
    if (body.is_discarded()) return std::nullopt;
    const auto* token = at_pointer(body, json_pointer);
    if (token == nullptr) return std::nullopt;
    std::string value;
    if (token->is_string()) value = token->get<std::string>();
    else if (token->is_number_integer()) value = std::to_string(token->get<long long>());
    if (value.empty()) return std::nullopt;
    Request next = current;
    next.target = set_query_param(current.target, query_param, value);
    return next;
  };
}

NextPage next_by_page_number(std::string query_param, std::string items_pointer, int page_size, int first_page) {
  return [query_param = std::move(query_param), items_pointer = std::move(items_pointer), page_size, first_page](
             const Request& current, const Response& page) -> std::optional<Request> {
    const auto body = nlohmann::json::parse(page.body, nullptr, false);
    const auto* items = at_pointer(body, items_pointer);
    if (items == nullptr || !items->is_array() || static_cast<int>(items->size()) < page_size || page_size <= 0)
      return std::nullopt;
    int number = first_page;
    if (const auto current_value = query_value(current.target, query_param)) {
      int parsed = 0;
      const auto [end, ec] = std::from_chars(current_value->data(), current_value->data() + current_value->size(), parsed);
      if (ec == std::errc() && end == current_value->data() + current_value->size()) number = parsed;
    }
    Request next = current;
    next.target = set_query_param(current.target, query_param, std::to_string(number + 1));
    return next;
  };
}

Result<int> for_each_page(HttpClient& client, Request first, const NextPage& next, int max_pages,
                          const std::function<bool(const Response&)>& on_page, std::stop_token stop) {
  int pages = 0;
  std::optional<Request> request = std::move(first);
  while (request && pages < max_pages) {
    auto page = client.send(*request, stop);
    if (!page) return page.error();
    ++pages;
    if (!on_page(*page)) break;
    request = next(*request, *page);
  }
  return pages;
}

}  // namespace conhub::connectors
