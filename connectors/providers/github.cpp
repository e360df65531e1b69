#include "github.hpp"

#include <fmt/format.h>

#include "github_rest.hpp"

namespace conhub::connectors {

using nlohmann::json;

namespace {

constexpr const char* kApiVersion = "2022-11-28";

}  // namespace

std::string github_token_from(std::string_view credential_json) {
  try {
    const auto j = json::parse(credential_json);
    if (j.contains("api_key") && j["api_key"].is_string()) return j["api_key"];
    if (j.contains("access_token") && j["access_token"].is_string()) return j["access_token"];
  } catch (const json::exception&) {
    // not JSON: nothing usable
  }
  return {};
}

ConnectorInfo GitHubConnector::static_info() {
  return {.provider = "github", .credential = CredentialKind::kPersonalToken,
          .description = "GitHub or GitHub Enterprise: search, issues, pull requests, diffs, commits and files"};
}

CreateResult GitHubConnector::create(ConnectorContext context) {
  if (!context.credentials) return std::string("github needs a credential source");
  HttpClientConfig config;
  const json& c = context.connection.config;
  config.base_url = c.is_object() && c.contains("base_url") && c["base_url"].is_string() ? c["base_url"].get<std::string>()
                                                                                        : kDefaultBaseUrl;
  if (!config.base_url.starts_with("https://") && !config.base_url.starts_with("http://127.0.0.1") &&
      !config.base_url.starts_with("http://localhost"))
    return fmt::format("github/{}: base_url {} must be https:// (plain http only for loopback test servers)",
                       context.connection.name, config.base_url);
  return std::unique_ptr<Connector>(std::make_unique<GitHubConnector>(std::move(context), std::move(config)));
}

GitHubConnector::GitHubConnector(ConnectorContext context, HttpClientConfig config)
    : info_(static_info()), context_(std::make_shared<const ConnectorContext>(std::move(context))) {
  const json& c = context_->connection.config;
  allow_writes_ = c.is_object() && c.value("allow_writes", false);
  config.default_headers.set("Accept", "application/vnd.github+json");
  config.default_headers.set("X-GitHub-Api-Version", kApiVersion);
  // Decrypted per attempt and dropped with the Credential; HttpClient wipes the header value.
  config.authorization = [ctx = context_]() -> std::string {
    auto credential = ctx->credentials->credential(ctx->connection.id);
    if (!credential) return {};
    const auto token = github_token_from(credential->reveal());
    return token.empty() ? std::string() : "Bearer " + token;
  };
  client_ = std::make_shared<HttpClient>(std::move(config));
}

void GitHubConnector::declare_features(mcp::Server& server, const ToolNamer& namer) {
  const github::GitHubTools gh{client_, context_};
  for (auto* declare : {&github::declare_search_tools, &github::declare_issue_tools, &github::declare_repo_tools})
    for (auto& registration : declare(server, namer, gh)) keep(std::move(registration));
  if (!allow_writes_) return;
  for (auto& registration : github::declare_write_tools(server, namer, gh)) keep(std::move(registration));
}

}  // namespace conhub::connectors
