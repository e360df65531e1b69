// OriginPolicy: which Host and Origin headers a request may carry (DNS-rebinding
// protection, 2025-11-25 basic/transports § Security Warning: servers MUST validate Origin
// and answer an invalid one with 403). Pure and immutable once built: thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace conhub::mcp::detail {

class OriginPolicy {
 public:
  /// `loopback`: the server is bound to a loopback address. `any_host`: Host is not
  /// checked (authentication is on and no allow list was given: a rebinding page cannot
  /// attach the bearer token).
  OriginPolicy(bool loopback, std::string bind_host, std::vector<std::string> allowed_hosts,
               std::vector<std::string> allowed_origins, bool any_host);

  /// `host`: the Host header ("" when absent).
  bool host_allowed(std::string_view host) const;
  /// `origin`: the Origin header ("" when absent, which is allowed: non-browser clients).
  bool origin_allowed(std::string_view origin) const;

 private:
  bool loopback_;
  std::string bind_host_;
  std::vector<std::string> allowed_hosts_;    // lower-case
  std::vector<std::string> allowed_origins_;  // lower-case
  bool any_host_;
};

/// True for "localhost", "127.x.y.z", "::1" and "[::1]" (no port).
bool is_loopback_name(std::string_view host);
/// Splits "name:port", "[v6]:port" or "name" into the name without brackets.
std::string host_name_of(std::string_view host_header);

}  // namespace conhub::mcp::detail
