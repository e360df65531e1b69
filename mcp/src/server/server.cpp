// Server and ServerCore: registration of features and notification of live sessions.
#include <regex>
#include <stdexcept>

#include "server/server_core.hpp"
#include "session/session.hpp"

namespace conhub::mcp {

namespace detail {

namespace {

enum Action { kEnable = 1, kDisable = 2, kRemove = 3 };

std::string completion_key(CompletionRef::Kind kind, const std::string& name, const std::string& argument) {
  return std::to_string(static_cast<int>(kind)) + '\n' + name + '\n' + argument;
}

}  // namespace

void check_feature_name(const std::string& what, const std::string& name) {
  // ARCHITECTURE.md: names valid for the strictest clients.
  static const std::regex kValid("^[a-zA-Z0-9_-]{1,64}$");
  if (!std::regex_match(name, kValid))
    throw std::invalid_argument(what + " name '" + name + "' must match ^[a-zA-Z0-9_-]{1,64}$");
}

ServerCore::ServerCore(ServerInfo info, ServerOptions options)
    : info_(std::move(info)),
      options_(std::move(options)),
      sealer_(options_.state_key),
      pool_(options_.worker_threads, options_.max_queued_requests) {}

ServerCore::~ServerCore() { pool_.stop(); }

Registration ServerCore::add_tool(ToolSpec spec, ToolHandler handler) {
  check_feature_name("tool", spec.name);
  if (!spec.input.json().is_object() || spec.input.json().value("type", "") != "object")
    throw std::invalid_argument("tool " + spec.name + ": inputSchema must be an object schema");
  if (!handler) throw std::invalid_argument("tool " + spec.name + " has no handler");
  std::string key = spec.name;
  if (!tools.add(key, std::make_shared<ToolEntry>(ToolEntry{std::move(spec), std::move(handler)})))
    throw std::invalid_argument("tool " + key + " is already registered");
  notify_list_changed(ListKind::kTools);
  return Registration(weak_from_this(), static_cast<int>(ListKind::kTools), key);
}

Registration ServerCore::add_resource(ResourceSpec spec, ResourceHandler handler) {
  if (spec.uri.empty() || spec.name.empty()) throw std::invalid_argument("a resource needs a uri and a name");
  if (!handler) throw std::invalid_argument("resource " + spec.uri + " has no handler");
  std::string key = spec.uri;
  if (!resources.add(key, std::make_shared<ResourceEntry>(ResourceEntry{std::move(spec), std::move(handler)})))
    throw std::invalid_argument("resource " + key + " is already registered");
  notify_list_changed(ListKind::kResources);
  return Registration(weak_from_this(), static_cast<int>(ListKind::kResources), key);
}

Registration ServerCore::add_resource_template(ResourceTemplateSpec spec, ResourceTemplateHandler handler) {
  if (spec.uri_template.empty() || spec.name.empty())
    throw std::invalid_argument("a resource template needs a uri_template and a name");
  if (!handler) throw std::invalid_argument("resource template " + spec.uri_template + " has no handler");
  std::string key = spec.uri_template;
  UriTemplate matcher(key);
  if (!resource_templates.add(key, std::make_shared<TemplateEntry>(TemplateEntry{std::move(spec), std::move(matcher),
                                                                                 std::move(handler)})))
    throw std::invalid_argument("resource template " + key + " is already registered");
  notify_list_changed(ListKind::kResourceTemplates);
  return Registration(weak_from_this(), static_cast<int>(ListKind::kResourceTemplates), key);
}

Registration ServerCore::add_prompt(PromptSpec spec, PromptHandler handler) {
  check_feature_name("prompt", spec.name);
  if (!handler) throw std::invalid_argument("prompt " + spec.name + " has no handler");
  std::string key = spec.name;
  if (!prompts.add(key, std::make_shared<PromptEntry>(PromptEntry{std::move(spec), std::move(handler)})))
    throw std::invalid_argument("prompt " + key + " is already registered");
  notify_list_changed(ListKind::kPrompts);
  return Registration(weak_from_this(), static_cast<int>(ListKind::kPrompts), key);
}

void ServerCore::add_completion(CompletionRef ref, std::string argument, CompletionHandler handler) {
  if (!handler) throw std::invalid_argument("completion for " + ref.name + " has no handler");
  std::lock_guard lock(mutex_);
  completions_[completion_key(ref.kind, ref.name, argument)] = std::move(handler);
}

const CompletionHandler* ServerCore::find_completion(CompletionRef::Kind kind, const std::string& name,
                                                     const std::string& argument) const {
  std::lock_guard lock(mutex_);
  auto it = completions_.find(completion_key(kind, name, argument));
  // Handlers are never removed, so the pointer stays valid after the lock is released.
  return it == completions_.end() ? nullptr : &it->second;
}

void ServerCore::change(int kind, const std::string& key, int action) {
  auto apply = [&](auto& catalog) {
    if (action == kRemove) return catalog.remove(key);
    return catalog.set_enabled(key, action == kEnable);
  };
  bool changed = false;
  switch (static_cast<ListKind>(kind)) {
    case ListKind::kTools: changed = apply(tools); break;
    case ListKind::kResources: changed = apply(resources); break;
    case ListKind::kResourceTemplates: changed = apply(resource_templates); break;
    case ListKind::kPrompts: changed = apply(prompts); break;
  }
  if (changed) notify_list_changed(static_cast<ListKind>(kind));
}

void ServerCore::attach(const std::shared_ptr<SessionImpl>& session) {
  std::lock_guard lock(mutex_);
  sessions_[session.get()] = session;
}

void ServerCore::detach(const SessionImpl* session) {
  std::lock_guard lock(mutex_);
  sessions_.erase(session);
}

template <typename F>
void ServerCore::for_each_session(F&& f) {
  std::vector<std::shared_ptr<SessionImpl>> live;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [key, weak] : sessions_)
      if (auto s = weak.lock()) live.push_back(std::move(s));
  }
  for (const auto& s : live) f(*s);
}

void ServerCore::notify_list_changed(ListKind kind) {
  for_each_session([kind](SessionImpl& s) { s.on_list_changed(kind); });
}

void ServerCore::notify_resource_updated(const std::string& uri) {
  for_each_session([&uri](SessionImpl& s) { s.on_resource_updated(uri); });
}

std::vector<std::string> ServerCore::subscribed_uris() {
  std::set<std::string> uris;
  for_each_session([&uris](SessionImpl& s) { s.add_subscribed_uris(uris); });
  return {uris.begin(), uris.end()};
}

}  // namespace detail

std::vector<std::string> ResourceUpdates::subscribed() const {
  if (auto core = core_.lock()) return core->subscribed_uris();
  return {};
}

void ResourceUpdates::updated(const std::string& uri) const {
  if (auto core = core_.lock()) core->notify_resource_updated(uri);
}

void Registration::enable() {
  if (auto core = core_.lock()) core->change(kind_, key_, detail::kEnable);
}
void Registration::disable() {
  if (auto core = core_.lock()) core->change(kind_, key_, detail::kDisable);
}
void Registration::remove() {
  if (auto core = core_.lock()) core->change(kind_, key_, detail::kRemove);
}

namespace {

// Owns the session for its transport; closing on destruction means a transport cannot
// leave handlers running against a connection it has dropped.
class SessionHandle final : public Session {
 public:
  explicit SessionHandle(std::shared_ptr<detail::SessionImpl> impl) : impl_(std::move(impl)) {}
  ~SessionHandle() override { impl_->close(); }
  void receive(std::string_view message) override { impl_->receive(message, impl_->sink_exchange(), false); }
  void receive(std::string_view message, Exchange exchange) override {
    impl_->receive(message, std::move(exchange), false);
  }
  void receive_here(std::string_view message) override { impl_->receive(message, impl_->sink_exchange(), true); }
  bool drain(std::chrono::milliseconds timeout) override { return impl_->drain(timeout); }
  void reject(const Error& error) override { impl_->reject(error); }
  void close() override { impl_->close(); }
  std::size_t in_flight() const override { return impl_->in_flight(); }

 private:
  std::shared_ptr<detail::SessionImpl> impl_;
};

}  // namespace

Server::Server(ServerInfo info, ServerOptions options)
    : core_(std::make_shared<detail::ServerCore>(std::move(info), std::move(options))) {}
Server::~Server() = default;

Registration Server::add_tool(ToolSpec spec, ToolHandler handler) {
  return core_->add_tool(std::move(spec), std::move(handler));
}
Registration Server::add_resource(ResourceSpec spec, ResourceHandler handler) {
  return core_->add_resource(std::move(spec), std::move(handler));
}
Registration Server::add_resource_template(ResourceTemplateSpec spec, ResourceTemplateHandler handler) {
  return core_->add_resource_template(std::move(spec), std::move(handler));
}
Registration Server::add_prompt(PromptSpec spec, PromptHandler handler) {
  return core_->add_prompt(std::move(spec), std::move(handler));
}
void Server::add_completion(CompletionRef ref, std::string argument, CompletionHandler handler) {
  core_->add_completion(std::move(ref), std::move(argument), std::move(handler));
}
void Server::notify_resource_updated(const std::string& uri) { core_->notify_resource_updated(uri); }

ResourceUpdates Server::resource_updates() const { return ResourceUpdates(core_); }

std::unique_ptr<Session> Server::open_session(MessageSink sink, SessionOptions options) {
  const bool stateless = options.stateless;
  auto impl = std::make_shared<detail::SessionImpl>(*core_, std::move(sink), std::move(options));
  if (!stateless) core_->attach(impl);  // stateless ones attach when they listen
  return std::make_unique<SessionHandle>(std::move(impl));
}

const ServerInfo& Server::info() const { return core_->info(); }

}  // namespace conhub::mcp
