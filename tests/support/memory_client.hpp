// MemoryClient: an in-process MCP client for unit tests (STYLE.md §6 MemoryTransportPair).
// It opens a Session on a Server, sends JSON values and waits for what the server writes.
// Thread-safe: the server's workers deliver into a locked queue the test thread reads.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "conhub/mcp/server.hpp"

namespace conhub::test {

class MemoryClient {
 public:
  explicit MemoryClient(mcp::Server& server) {
    session_ = server.open_session([this](std::string message) {
      {
        std::lock_guard lock(mutex_);
        inbox_.push_back(nlohmann::json::parse(message));
      }
      arrived_.notify_all();
    });
  }
  ~MemoryClient() { session_->close(); }

  mcp::Session& session() { return *session_; }

  void send(const nlohmann::json& message) { session_->receive(message.dump()); }
  void send_raw(const std::string& text) { session_->receive(text); }

  /// The next message of any kind, or nullopt after `timeout`.
  std::optional<nlohmann::json> next(std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    std::unique_lock lock(mutex_);
    if (!arrived_.wait_for(lock, timeout, [this] { return !inbox_.empty(); })) return std::nullopt;
    auto out = inbox_.front();
    inbox_.pop_front();
    return out;
  }

  /// Waits for the first message matching `predicate`, keeping the others queued.
  template <typename P>
  std::optional<nlohmann::json> wait_for(P predicate, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    std::unique_lock lock(mutex_);
    std::optional<nlohmann::json> found;
    arrived_.wait_for(lock, timeout, [&] {
      for (auto it = inbox_.begin(); it != inbox_.end(); ++it) {
        if (predicate(*it)) {
          found = *it;
          inbox_.erase(it);
          return true;
        }
      }
      return false;
    });
    return found;
  }

  std::optional<nlohmann::json> response(const nlohmann::json& id,
                                         std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    return wait_for([&](const nlohmann::json& m) { return m.contains("id") && m["id"] == id && !m.contains("method"); },
                    timeout);
  }

  std::optional<nlohmann::json> notification(const std::string& method,
                                             std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    return wait_for([&](const nlohmann::json& m) { return m.value("method", "") == method && !m.contains("id"); },
                    timeout);
  }

  /// Sends a request and returns its response (the whole JSON-RPC message).
  nlohmann::json request(const std::string& method, nlohmann::json params = nlohmann::json::object()) {
    nlohmann::json id = next_id_++;
    nlohmann::json message{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
    if (!params.is_null()) message["params"] = std::move(params);
    send(message);
    auto reply = response(id);
    EXPECT_TRUE(reply.has_value()) << "no response to " << method;
    return reply.value_or(nlohmann::json::object());
  }

  nlohmann::json initialize(const std::string& revision = "2025-11-25",
                            nlohmann::json capabilities = nlohmann::json::object()) {
    auto reply = request("initialize", {{"protocolVersion", revision},
                                        {"capabilities", std::move(capabilities)},
                                        {"clientInfo", {{"name", "memory-client"}, {"version", "1.0"}}}});
    send({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}});
    return reply;
  }

  std::size_t pending() {
    std::lock_guard lock(mutex_);
    return inbox_.size();
  }

 private:
  std::unique_ptr<mcp::Session> session_;
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<nlohmann::json> inbox_;  // guarded by mutex_
  int next_id_ = 1;
};

/// `_meta` of a 2026-07-28 stateless request.
inline nlohmann::json stateless_meta(nlohmann::json capabilities = nlohmann::json::object()) {
  return {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
          {"io.modelcontextprotocol/clientInfo", {{"name", "memory-client"}, {"version", "1.0"}}},
          {"io.modelcontextprotocol/clientCapabilities", std::move(capabilities)}};
}

}  // namespace conhub::test
