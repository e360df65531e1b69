#include "transport/http_core.hpp"

#include <algorithm>
#include <cctype>

namespace conhub::mcp::detail {

bool HttpCore::acquire_stream() {
  std::size_t current = open_streams.load();
  do {
    if (current >= options.limits.max_open_streams) return false;
  } while (!open_streams.compare_exchange_weak(current, current + 1));
  return true;
}

void HttpCore::release_stream() { open_streams.fetch_sub(1); }

std::string media_type(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  type.erase(std::remove_if(type.begin(), type.end(), [](unsigned char c) { return std::isspace(c); }), type.end());
  std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type;
}

bool accepts(const std::string& value, const std::string& type) {
  if (value.empty()) return true;
  const std::string major = type.substr(0, type.find('/'));
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t comma = value.find(',', start);
    const std::string item = media_type(value.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (item == type || item == "*/*" || item == major + "/*") return true;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return false;
}

std::string session_id_of(const httplib::Request& req) { return req.get_header_value("Mcp-Session-Id"); }

}  // namespace conhub::mcp::detail
