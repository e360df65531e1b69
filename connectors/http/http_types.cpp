#include "http/http_types.hpp"

#include <algorithm>

namespace conhub::connectors {

namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

}  // namespace

std::string_view method_name(Method method) {
  switch (method) {
    case Method::kGet: return "GET";
    case Method::kHead: return "HEAD";
    case Method::kPost: return "POST";
    case Method::kPut: return "PUT";
    case Method::kPatch: return "PATCH";
    case Method::kDelete: return "DELETE";
  }
  return "GET";
}

bool is_idempotent(Method method) { return method != Method::kPost && method != Method::kPatch; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

Headers::Headers(std::initializer_list<std::pair<std::string, std::string>> fields) : fields_(fields) {}

void Headers::add(std::string name, std::string value) { fields_.emplace_back(std::move(name), std::move(value)); }

void Headers::set(std::string name, std::string value) {
  remove(name);
  add(std::move(name), std::move(value));
}

void Headers::remove(std::string_view name) {
  std::erase_if(fields_, [name](const auto& field) { return iequals(field.first, name); });
}

std::optional<std::string_view> Headers::get(std::string_view name) const {
  for (const auto& [key, value] : fields_)
    if (iequals(key, name)) return std::string_view(value);
  return std::nullopt;
}

std::vector<std::string_view> Headers::get_all(std::string_view name) const {
  std::vector<std::string_view> values;
  for (const auto& [key, value] : fields_)
    if (iequals(key, name)) values.emplace_back(value);
  return values;
}

std::string percent_decode(std::string_view text) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (unreserved(c)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0F]);
    }
  }
  return out;
}

std::string with_query(std::string_view target, const QueryParams& params) {
  std::string out(target);
  bool has_query = out.find('?') != std::string::npos;
  for (const auto& [key, value] : params) {
    if (has_query) {
      if (out.back() != '?' && out.back() != '&') out.push_back('&');
    } else {
      out.push_back('?');
      has_query = true;
    }
    out += percent_encode(key);
    out.push_back('=');
    out += percent_encode(value);
  }
  return out;
}

std::string set_query_param(std::string_view target, std::string_view key, std::string_view value) {
  const auto fragment_at = target.find('#');
  const auto without_fragment = target.substr(0, fragment_at);
  const auto query_at = without_fragment.find('?');
  std::string out(without_fragment.substr(0, query_at));
  const std::string encoded_key = percent_encode(key);
  QueryParams kept;
  std::string query;
  if (query_at != std::string_view::npos) {
    auto rest = without_fragment.substr(query_at + 1);
    while (!rest.empty()) {
      const auto amp = rest.find('&');
      const auto pair = rest.substr(0, amp);
      const auto name = pair.substr(0, pair.find('='));
      if (!pair.empty() && name != encoded_key && name != key) {
        if (!query.empty()) query.push_back('&');
        query.append(pair);
      }
      if (amp == std::string_view::npos) break;
      rest.remove_prefix(amp + 1);
    }
  }
  if (!query.empty()) query.push_back('&');
  query += encoded_key + "=" + percent_encode(value);
  out += "?" + query;
  if (fragment_at != std::string_view::npos) out.append(target.substr(fragment_at));
  return out;
}

std::string path_only(std::string_view target) {
  auto rest = target;
  if (const auto scheme = rest.find("://"); scheme != std::string_view::npos && scheme < rest.find('/')) {
    rest.remove_prefix(scheme + 3);
    const auto slash = rest.find('/');
    rest = slash == std::string_view::npos ? std::string_view("/") : rest.substr(slash);
  }
  rest = rest.substr(0, rest.find_first_of("?#"));
  return rest.empty() ? std::string("/") : std::string(rest);
}

}  // namespace conhub::connectors
