// Adapts the store's access tokens to the HTTP transport's Authenticator: a token of the
// served workspace is allowed, a valid token of another workspace is forbidden (403),
// anything else is unauthorized (401). Owns its own database connection (WAL lets it
// read while the audit writer writes). Thread-safe: verify() runs under a mutex.
#pragma once

#include <string>

#include <conhub/mcp/http.hpp>
#include <conhub/store/database.hpp>

namespace conhub::cli {

mcp::Authenticator make_token_authenticator(store::Database db, std::string workspace);

}  // namespace conhub::cli
