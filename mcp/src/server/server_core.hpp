// ServerCore: what one Server owns — its registries, worker pool, sealing key and the
// list of live sessions to notify. Sessions and registrations point at it; the Server
// (and so the core) must outlive every session it opened.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "conhub/mcp/server.hpp"
#include "server/catalog.hpp"
#include "server/uri_template.hpp"
#include "session/sealed_state.hpp"
#include "session/worker_pool.hpp"

namespace conhub::mcp::detail {

class SessionImpl;

struct ToolEntry {
  ToolSpec spec;
  ToolHandler handler;
};
struct ResourceEntry {
  ResourceSpec spec;
  ResourceHandler handler;
};
struct TemplateEntry {
  ResourceTemplateSpec spec;
  UriTemplate matcher;
  ResourceTemplateHandler handler;
};
struct PromptEntry {
  PromptSpec spec;
  PromptHandler handler;
};

enum class ListKind { kTools = 1, kResources = 2, kResourceTemplates = 3, kPrompts = 4 };

class ServerCore : public std::enable_shared_from_this<ServerCore> {
 public:
  ServerCore(ServerInfo info, ServerOptions options);
  ~ServerCore();

  Registration add_tool(ToolSpec spec, ToolHandler handler);
  Registration add_resource(ResourceSpec spec, ResourceHandler handler);
  Registration add_resource_template(ResourceTemplateSpec spec, ResourceTemplateHandler handler);
  Registration add_prompt(PromptSpec spec, PromptHandler handler);
  void add_completion(CompletionRef ref, std::string argument, CompletionHandler handler);
  const CompletionHandler* find_completion(CompletionRef::Kind kind, const std::string& name,
                                           const std::string& argument) const;

  /// Registration's enable/disable/remove; notifies sessions when something changed.
  void change(int kind, const std::string& key, int action);

  void attach(const std::shared_ptr<SessionImpl>& session);
  /// Called by a session as it closes, so nothing of it stays behind in the core.
  void detach(const SessionImpl* session);
  void notify_list_changed(ListKind kind);
  void notify_resource_updated(const std::string& uri);
  std::vector<std::string> subscribed_uris();

  const ServerInfo& info() const { return info_; }
  const ServerOptions& options() const { return options_; }
  WorkerPool& pool() { return pool_; }
  const SealedState& sealer() const { return sealer_; }

  Catalog<ToolEntry> tools;
  Catalog<ResourceEntry> resources;            // keyed by URI
  Catalog<TemplateEntry> resource_templates;   // keyed by URI template
  Catalog<PromptEntry> prompts;

 private:
  template <typename F>
  void for_each_session(F&& f);

  ServerInfo info_;
  ServerOptions options_;
  SealedState sealer_;
  mutable std::mutex mutex_;
  std::unordered_map<const SessionImpl*, std::weak_ptr<SessionImpl>> sessions_;  // guarded by mutex_
  std::map<std::string, CompletionHandler> completions_;  // guarded by mutex_; key kind|name|argument
  WorkerPool pool_;  // last: its threads stop before the rest is torn down
};

void check_feature_name(const std::string& what, const std::string& name);

}  // namespace conhub::mcp::detail
