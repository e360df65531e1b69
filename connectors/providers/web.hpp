// web: fetch and crawl public web pages as MCP tools (web_fetch, web_crawl), no credential.
// Config: {"allow": ["10.1.0.0/16", "wiki.corp.example"]}, the connection's allow list for
// intranet use. Every connection, including each redirect hop, is checked against the
// SSRF guard (web/address_policy.hpp) on the resolved socket address; see docs/connectors.md.
// Thread-safety: immutable after creation; handlers run concurrently and share the Fetcher.
#pragma once

#include <memory>

#include "../connector.hpp"
#include "../registry.hpp"
#include "../web/fetcher.hpp"

namespace conhub::connectors {

class WebConnector final : public Connector {
 public:
  static ConnectorInfo static_info();
  /// Reads the allow list from the config; a malformed entry is an operator-facing error.
  static CreateResult create(ConnectorContext context);

  /// `client_config` lets tests shorten retries; the Fetcher sets the rest.
  WebConnector(ConnectorContext context, web::AddressPolicy policy, web::WebLimits limits = {},
               HttpClientConfig client_config = {});
  const ConnectorInfo& info() const override { return info_; }

 protected:
  void declare_features(mcp::Server& server, const ToolNamer& namer) override;

 private:
  ConnectorInfo info_;
  ConnectorContext context_;
  std::shared_ptr<const web::Fetcher> fetcher_;  // shared with the handlers
};

}  // namespace conhub::connectors
