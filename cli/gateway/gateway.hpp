// The gateway as `serve` sees it: reads the config, prepares each child's environment
// (decrypting credentials while the store is open), then starts the children on a Server.
// Main thread; the children are destroyed before the Server (declare Gateway after it).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <conhub/mcp/server.hpp>

#include "gateway/gateway_config.hpp"
#include "gateway/gateway_env.hpp"

namespace conhub::cli {

class GatewayChild;

/// The config to use: the flag's file, else `<data dir>/gateway.json` when it exists.
std::optional<std::filesystem::path> gateway_config_path(const std::optional<std::string>& flag,
                                                         const std::filesystem::path& data_dir);

struct GatewayPlan {
  std::vector<ChildConfig> children;
  std::vector<GatewayEnvironment> environments;  // same order
};

/// Throws std::runtime_error for a bad config, an unknown connection or a missing field.
GatewayPlan plan_gateway(const std::filesystem::path& config, OpenStore& store, const std::string& workspace);

class Gateway {
 public:
  Gateway(GatewayPlan plan, mcp::Server& server);
  ~Gateway();
  /// Starts every child and waits (bounded) for their first start so the agent's first
  /// tools/list already shows them.
  void start();
  nlohmann::json status() const;

 private:
  std::vector<std::unique_ptr<GatewayChild>> children_;
};

}  // namespace conhub::cli
