// GatewayChild: one child MCP server behind the gateway. A supervisor thread starts it
// (mcp::Client), registers its tools, resources, templates and prompts on the Server
// under `<name>__…`, re-registers them on the child's list_changed, and restarts it with
// backoff when it exits or stops answering pings; meanwhile its features are disabled.
// Handlers forward calls with progress, cancellation and relayed sampling/elicitation.
// Thread-safety: handlers run on the server's workers; state is guarded by mutex_.
// The Server must outlive this object and stop serving before it is destroyed.
#pragma once

#include <chrono>
#include <condition_variable>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include <conhub/mcp/client.hpp>
#include <conhub/mcp/server.hpp>

#include "gateway/gateway_config.hpp"

namespace conhub::cli {

class GatewayChild {
 public:
  GatewayChild(ChildConfig config, std::vector<std::string> env, mcp::Server& server);
  ~GatewayChild();
  GatewayChild(const GatewayChild&) = delete;
  GatewayChild& operator=(const GatewayChild&) = delete;

  void start();
  /// Waits until the first start attempt ended (running or failed), at most `timeout`.
  void wait_first_attempt(std::chrono::milliseconds timeout);
  /// {name, state, pid, restarts, tools, last_error} for conhub_status.
  nlohmann::json status() const;

  /// `<child>__<feature>`, made to fit ^[a-zA-Z0-9_-]{1,64}$.
  static std::string namespaced(const std::string& child, const std::string& feature);

 private:
  struct ActiveCall;  // a tools/call in progress: where the child's questions go
  void supervise(std::stop_token stop);
  void refresh_features(mcp::Client& client);
  void set_enabled(bool enabled);
  void remove_all();
  std::shared_ptr<mcp::Client> current_client() const;
  std::string unavailable_text() const;
  mcp::Result<nlohmann::json> relay_to_agent(const std::string& method, const nlohmann::json& params);

  mcp::ToolResult call_tool(const std::string& original, const nlohmann::json& arguments, mcp::Context& ctx);
  mcp::Result<mcp::ResourceContents> read_resource(const std::string& uri, mcp::Context& ctx);
  mcp::Result<mcp::PromptResult> get_prompt(const std::string& original, const mcp::PromptArgs& args, mcp::Context& ctx);
  mcp::RequestOptions forwarding(mcp::Context& ctx) const;

  const ChildConfig config_;
  const std::vector<std::string> env_;
  mcp::Server& server_;

  mutable std::mutex mutex_;
  std::condition_variable_any wake_;  // the supervisor waits here
  std::shared_ptr<mcp::Client> client_;         // guarded by mutex_; null while down
  struct Feature {
    mcp::Registration registration;
    nlohmann::json listed;  // as the child listed it: unchanged on a refresh means kept as is
  };
  std::map<std::string, Feature> registrations_;  // "tool:<name>", … guarded by mutex_ (supervisor writes)
  std::list<ActiveCall*> calls_;  // guarded by mutex_
  std::string state_ = "stopped";  // guarded by mutex_
  std::string last_error_;         // guarded by mutex_
  int restarts_ = 0;               // guarded by mutex_
  bool exited_ = false;            // guarded by mutex_
  bool refresh_ = false;           // guarded by mutex_
  bool attempted_ = false;         // guarded by mutex_: the first start attempt ended
  std::size_t tool_count_ = 0;     // guarded by mutex_
  std::jthread supervisor_;
};

}  // namespace conhub::cli
