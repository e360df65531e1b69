// SessionImpl, part 3: requests the server sends to the client (sampling, elicitation,
// roots on the stateful revisions) and the client's answers to them.
#include <spdlog/spdlog.h>

#include "session/session.hpp"

namespace conhub::mcp::detail {

using nlohmann::json;

void SessionImpl::handle_response(const Message& message) {
  std::shared_ptr<Pending> pending;
  {
    std::lock_guard lock(mutex_);
    if (message.id.is_string()) {
      if (auto it = pending_.find(message.id.get<std::string>()); it != pending_.end()) pending = it->second;
    }
  }
  if (!pending) {
    spdlog::debug("response to unknown request {}", message.id.dump());
    return;
  }
  {
    std::lock_guard lock(pending->mutex);
    pending->result = message.result;
    pending->error = message.error;
    pending->done = true;
  }
  pending->done_cv.notify_all();
}

Result<json> SessionImpl::request_from_client(const std::string& method, const json& params, std::stop_token stop,
                                              const std::function<void(std::string)>& out) {
  auto pending = std::make_shared<Pending>();
  std::string id;
  {
    std::lock_guard lock(mutex_);
    if (closed_.load()) return Error::internal("the client disconnected");
    id = "conhub-" + std::to_string(next_request_id_++);
    pending_[id] = pending;
  }
  send_to(out, encode_request(id, method, params));
  bool answered;
  {
    std::unique_lock lock(pending->mutex);
    answered = pending->done_cv.wait_for(lock, stop, core_.options().stateful_request_timeout, [&] { return pending->done; });
  }
  {
    std::lock_guard lock(mutex_);
    pending_.erase(id);
  }
  if (!answered) {
    send_to(out, encode_notification("notifications/cancelled",
                                     json{{"requestId", id}, {"reason", stop.stop_requested() ? "request cancelled" : "timed out"}}));
    if (stop.stop_requested()) return Error::internal("cancelled while waiting for the client's answer to " + method);
    return Error::internal("the client did not answer " + method + " in time");
  }
  std::lock_guard lock(pending->mutex);
  if (pending->error) return *pending->error;
  return pending->result;
}

}  // namespace conhub::mcp::detail
