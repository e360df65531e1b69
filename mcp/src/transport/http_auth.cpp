#include "transport/http_auth.hpp"

#include <sodium.h>

#include <cctype>

#include "transport/http_replies.hpp"

namespace conhub::mcp {

Authenticator single_token_authenticator(std::string token, Principal principal) {
  // Compare digests, not the tokens: equal length inputs for sodium_memcmp, and the token
  // itself is not kept in memory.
  auto digest_of = [](std::string_view text) {
    std::string digest(crypto_generichash_BYTES, '\0');
    crypto_generichash(reinterpret_cast<unsigned char*>(digest.data()), digest.size(),
                       reinterpret_cast<const unsigned char*>(text.data()), text.size(), nullptr, 0);
    return digest;
  };
  std::string expected = digest_of(token);
  sodium_memzero(token.data(), token.size());
  return [expected, principal, digest_of](std::string_view bearer) {
    AuthDecision decision;
    if (bearer.empty()) return decision;
    const std::string actual = digest_of(bearer);
    if (sodium_memcmp(actual.data(), expected.data(), expected.size()) == 0) {
      decision.verdict = AuthDecision::Verdict::kAllow;
      decision.principal = principal;
    }
    return decision;
  };
}

}  // namespace conhub::mcp

namespace conhub::mcp::detail {

namespace {

constexpr const char* kRealm = "Bearer realm=\"conhub-mcp\"";

std::string bearer_token(const httplib::Request& req) {
  const std::string header = req.get_header_value("Authorization");
  if (header.size() < 7) return {};
  std::string scheme = header.substr(0, 7);
  for (auto& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme != "bearer ") return {};
  std::size_t start = 7;
  while (start < header.size() && header[start] == ' ') ++start;
  return header.substr(start);
}

}  // namespace

std::optional<Principal> authenticate(const Authenticator& authenticator, const httplib::Request& req,
                                      httplib::Response& res) {
  if (!authenticator) return Principal{};
  std::string token = bearer_token(req);
  if (token.empty()) {
    res.set_header("WWW-Authenticate", kRealm);
    error_reply(res, 401, -32600, "Unauthorized: send Authorization: Bearer <token> (create one with "
                                  "`conhub-mcp tokens create`)");
    return std::nullopt;
  }
  AuthDecision decision = authenticator(token);
  sodium_memzero(token.data(), token.size());
  switch (decision.verdict) {
    case AuthDecision::Verdict::kAllow: return decision.principal;
    case AuthDecision::Verdict::kForbidden:
      res.set_header("WWW-Authenticate", std::string(kRealm) + ", error=\"insufficient_scope\"");
      error_reply(res, 403, -32600, "Forbidden: this token does not grant access to this server's workspace");
      return std::nullopt;
    case AuthDecision::Verdict::kUnauthorized: break;
  }
  res.set_header("WWW-Authenticate", std::string(kRealm) + ", error=\"invalid_token\"");
  error_reply(res, 401, -32600, "Unauthorized: the bearer token is unknown, revoked or expired");
  return std::nullopt;
}

}  // namespace conhub::mcp::detail
