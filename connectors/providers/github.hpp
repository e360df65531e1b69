// github: a GitHub (or GitHub Enterprise) account as MCP tools and the resource template
// github://{owner}/{repo}/{+path}, through the shared HttpClient with a personal access
// token. The tools live in github_*_tools.cpp, grouped by what they touch. Config:
// {"base_url": "https://api.github.com", "allow_writes": false} (GHE: "https://HOST/api/v3";
// tests: the fake); the write tools exist only when allow_writes is true.
// The token is decrypted from the CredentialSource per request attempt and never kept.
// Thread-safety: handlers run concurrently; the HttpClient is thread-safe.
#pragma once

#include <memory>
#include <string>

#include "../connector.hpp"
#include "../http/http_client.hpp"
#include "../registry.hpp"

namespace conhub::connectors {

/// The bearer token in a stored credential's JSON text ("api_key" or oauth2 "access_token");
/// empty when there is none.
std::string github_token_from(std::string_view credential_json);

class GitHubConnector final : public Connector {
 public:
  static constexpr const char* kDefaultBaseUrl = "https://api.github.com";
  static ConnectorInfo static_info();
  static CreateResult create(ConnectorContext context);

  /// `config` lets tests shorten timeouts and retries; base_url and authorization are set here.
  GitHubConnector(ConnectorContext context, HttpClientConfig config);
  const ConnectorInfo& info() const override { return info_; }

 protected:
  void declare_features(mcp::Server& server, const ToolNamer& namer) override;

 private:
  ConnectorInfo info_;
  std::shared_ptr<const ConnectorContext> context_;  // shared with the handlers
  std::shared_ptr<HttpClient> client_;               // shared with the handlers
  bool allow_writes_ = false;
};

}  // namespace conhub::connectors
