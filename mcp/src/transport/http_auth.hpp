// Bearer-token authentication for the HTTP transports (2025-11-25 basic/authorization:
// tokens travel only in the Authorization header, never in query strings).
#pragma once

#include <optional>
#include <string>

#include <httplib.h>

#include "conhub/mcp/http.hpp"

namespace conhub::mcp::detail {

/// Authenticates `req`. Returns the principal, or nullopt after writing the 401/403
/// reply with its WWW-Authenticate challenge. Without an authenticator everyone is
/// the anonymous principal.
std::optional<Principal> authenticate(const Authenticator& authenticator, const httplib::Request& req,
                                      httplib::Response& res);

}  // namespace conhub::mcp::detail
