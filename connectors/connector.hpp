// Connector: one connection of the served workspace exposed as MCP tools and resources.
// The registry (registry.hpp) creates one per connection; declare() registers its features
// on the server and keeps the Registrations, so remove() (or the destructor) takes them
// away again and clients get list_changed. Handlers may run concurrently on the server's
// worker pool; a connector must outlive its registrations (remove() before destruction).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <conhub/mcp/server.hpp>

#include "credential_source.hpp"

namespace conhub::connectors {

enum class CredentialKind { kNone, kApiKey, kPersonalToken, kOAuth2 };

struct ConnectorInfo {
  std::string provider;  // "files", "github": the first part of every tool name
  CredentialKind credential = CredentialKind::kNone;
  std::string description;  // one line, for help texts
};

/// The stored connection a connector serves (no secret: that comes from CredentialSource).
struct ConnectionRef {
  std::int64_t id = 0;
  std::string workspace;
  std::string provider;
  std::string name;
  nlohmann::json config = nlohmann::json::object();
};

/// Makes tool names `<provider>_<verb>_<noun>`, or `<provider>_<connection>_<verb>_<noun>`
/// when the workspace holds several connections of the provider. Every name matches
/// ^[a-zA-Z0-9_-]{1,64}$: other characters become '_' and the connection part is cut to fit.
class ToolNamer {
 public:
  ToolNamer(std::string provider, std::string connection, bool qualify);
  std::string operator()(std::string_view verb_noun) const;
  bool qualified() const { return qualify_; }
  /// The sanitised connection name ("" when not qualified).
  const std::string& connection_part() const { return connection_; }

 private:
  std::string provider_;
  std::string connection_;
  bool qualify_ = false;
};

/// Replaces every character outside [A-Za-z0-9_-] with '_'.
std::string sanitize_name_part(std::string_view text);

class Connector {
 public:
  virtual ~Connector();
  Connector() = default;
  Connector(const Connector&) = delete;
  Connector& operator=(const Connector&) = delete;

  virtual const ConnectorInfo& info() const = 0;
  /// Registers the connector's tools, resources and templates (throws std::invalid_argument
  /// on a name clash: a startup error).
  void declare(mcp::Server& server, const ToolNamer& namer);
  /// Unregisters everything declare() registered (idempotent).
  void remove();
  std::size_t registration_count() const { return registrations_.size(); }

 protected:
  virtual void declare_features(mcp::Server& server, const ToolNamer& namer) = 0;
  void keep(mcp::Registration registration) { registrations_.push_back(std::move(registration)); }

 private:
  std::vector<mcp::Registration> registrations_;
};

/// What a connector gets at creation. `credentials` and `status` may be null for providers
/// that need no credential.
struct ConnectorContext {
  ConnectionRef connection;
  std::shared_ptr<CredentialSource> credentials;
  std::shared_ptr<ConnectionStatusSink> status;
};

/// The tool result for a failed provider call (isError, ApiError::for_model()). A rejected
/// credential (401) is also reported to `status`, so the store shows the connection's state.
mcp::ToolResult tool_error(const ApiError& error, const ConnectorContext& context);
/// The same for a resources/read: a 404 is "resource not found", anything else an internal
/// error carrying for_model().
mcp::Error resource_error(const ApiError& error, const ConnectorContext& context, const std::string& uri);
/// Reports a 401 to the connection's status sink (tool_error and resource_error call this).
void note_rejected_credential(const ApiError& error, const ConnectorContext& context);

}  // namespace conhub::connectors
