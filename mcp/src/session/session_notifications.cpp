// SessionImpl, part 2: resource subscriptions, 2026-07-28 listen streams, and the fan-out
// of list_changed / resources/updated notifications to them.
#include <algorithm>

#include "session/session.hpp"

namespace conhub::mcp::detail {

using nlohmann::json;

void SessionImpl::subscribe(const std::string& uri, bool on) {
  std::lock_guard lock(mutex_);
  if (on) subscriptions_.insert(uri);
  else subscriptions_.erase(uri);
}

void SessionImpl::add_subscribed_uris(std::set<std::string>& out) const {
  std::lock_guard lock(mutex_);
  out.insert(subscriptions_.begin(), subscriptions_.end());
  for (const auto& [key, entry] : listeners_) {
    auto uris = entry.filter.find("resourceSubscriptions");
    if (uris == entry.filter.end() || !uris->is_array()) continue;
    for (const auto& uri : *uris)
      if (uri.is_string()) out.insert(uri.get<std::string>());
  }
}

void SessionImpl::listen(const json& id, json filter, std::function<void(Completion)> respond) {
  {
    std::lock_guard lock(mutex_);
    listeners_[id_text(id)] = Listener{id, filter, std::move(respond)};
  }
  // A stateless session hears about registry changes only while it listens.
  if (options_.stateless) std::call_once(attach_once_, [this] { core_.attach(shared_from_this()); });
  send_notification("notifications/subscriptions/acknowledged",
                    json{{"_meta", {{kMetaSubscriptionId, id}}}, {"notifications", filter}});
}

void SessionImpl::on_list_changed(ListKind kind) {
  const char* method = "notifications/tools/list_changed";
  const char* filter_key = "toolsListChanged";
  if (kind == ListKind::kResources || kind == ListKind::kResourceTemplates) {
    method = "notifications/resources/list_changed";
    filter_key = "resourcesListChanged";
  } else if (kind == ListKind::kPrompts) {
    method = "notifications/prompts/list_changed";
    filter_key = "promptsListChanged";
  }
  bool stateful;
  std::vector<json> streams;
  {
    std::lock_guard lock(mutex_);
    stateful = initialized_;
    for (const auto& [key, entry] : listeners_)
      if (entry.filter.value(filter_key, false)) streams.push_back(entry.id);
  }
  if (stateful) send_notification(method, nullptr);
  for (const auto& id : streams) send_notification(method, json{{"_meta", {{kMetaSubscriptionId, id}}}});
}

void SessionImpl::on_resource_updated(const std::string& uri) {
  bool subscribed;
  std::vector<json> streams;
  {
    std::lock_guard lock(mutex_);
    subscribed = subscriptions_.count(uri) > 0;
    for (const auto& [key, entry] : listeners_) {
      const json& uris = entry.filter.contains("resourceSubscriptions") ? entry.filter["resourceSubscriptions"] : json();
      if (uris.is_array() && std::find(uris.begin(), uris.end(), json(uri)) != uris.end()) streams.push_back(entry.id);
    }
  }
  if (subscribed) send_notification("notifications/resources/updated", json{{"uri", uri}});
  for (const auto& id : streams)
    send_notification("notifications/resources/updated", json{{"uri", uri}, {"_meta", {{kMetaSubscriptionId, id}}}});
}

}  // namespace conhub::mcp::detail
