#include "transport/origin_policy.hpp"

#include <algorithm>
#include <cctype>

namespace conhub::mcp::detail {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

bool is_loopback_name(std::string_view host) {
  if (host == "localhost" || host == "::1" || host == "[::1]") return true;
  if (host.substr(0, 4) != "127.") return false;
  return std::all_of(host.begin(), host.end(), [](char c) { return c == '.' || std::isdigit(static_cast<unsigned char>(c)); });
}

std::string host_name_of(std::string_view host_header) {
  if (!host_header.empty() && host_header.front() == '[') {
    auto close = host_header.find(']');
    return lower(host_header.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
  }
  // More than one ':' without brackets is a bare IPv6 address, not name:port.
  if (std::count(host_header.begin(), host_header.end(), ':') == 1) host_header = host_header.substr(0, host_header.find(':'));
  return lower(host_header);
}

OriginPolicy::OriginPolicy(bool loopback, std::string bind_host, std::vector<std::string> allowed_hosts,
                           std::vector<std::string> allowed_origins, bool any_host)
    : loopback_(loopback), bind_host_(host_name_of(bind_host)), any_host_(any_host) {
  for (const auto& host : allowed_hosts) allowed_hosts_.push_back(lower(host));
  for (const auto& origin : allowed_origins) {
    std::string value = lower(origin);
    while (!value.empty() && value.back() == '/') value.pop_back();
    allowed_origins_.push_back(std::move(value));
  }
}

bool OriginPolicy::host_allowed(std::string_view host) const {
  if (any_host_ && allowed_hosts_.empty()) return true;
  const std::string full = lower(host);
  if (contains(allowed_hosts_, full) || contains(allowed_hosts_, host_name_of(host))) return true;
  if (host.empty()) return !loopback_ ? any_host_ : true;  // HTTP/1.0 without Host: nothing to rebind
  const std::string name = host_name_of(host);
  if (loopback_) return is_loopback_name(name);
  return name == bind_host_;
}

bool OriginPolicy::origin_allowed(std::string_view origin) const {
  if (origin.empty()) return true;
  const std::string value = lower(origin);
  if (value == "null") return false;  // sandboxed frames and file:// pages
  if (contains(allowed_origins_, value)) return true;
  auto scheme_end = value.find("://");
  if (scheme_end == std::string::npos) return false;
  const std::string scheme = value.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return false;
  std::string_view rest = std::string_view(value).substr(scheme_end + 3);
  rest = rest.substr(0, rest.find('/'));
  const std::string name = host_name_of(rest);
  return loopback_ && is_loopback_name(name);
}

}  // namespace conhub::mcp::detail
