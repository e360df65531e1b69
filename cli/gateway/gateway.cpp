#include "gateway/gateway.hpp"

#include <chrono>

#include <spdlog/spdlog.h>

#include "gateway/gateway_child.hpp"

namespace conhub::cli {

std::optional<std::filesystem::path> gateway_config_path(const std::optional<std::string>& flag,
                                                         const std::filesystem::path& data_dir) {
  if (flag) return std::filesystem::path(*flag);
  auto fallback = data_dir / "gateway.json";
  std::error_code error;
  if (std::filesystem::exists(fallback, error)) return fallback;
  return std::nullopt;
}

GatewayPlan plan_gateway(const std::filesystem::path& config, OpenStore& store, const std::string& workspace) {
  GatewayPlan plan;
  plan.children = read_gateway_config(config);
  for (const auto& child : plan.children) {
    plan.environments.push_back(gateway_environment(child, store, workspace));
    std::string names;  // variable names only, never values
    for (const auto& name : plan.environments.back().injected) names += (names.empty() ? "" : ", ") + name;
    if (!names.empty()) spdlog::info("gateway server '{}' gets {} from connection {}", child.name, names, *child.connection);
  }
  return plan;
}

Gateway::Gateway(GatewayPlan plan, mcp::Server& server) {
  for (std::size_t i = 0; i < plan.children.size(); ++i)
    children_.push_back(std::make_unique<GatewayChild>(std::move(plan.children[i]),
                                                       std::move(plan.environments[i].entries), server));
}

Gateway::~Gateway() = default;

void Gateway::start() {
  for (auto& child : children_) child->start();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  for (auto& child : children_) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() > 0) child->wait_first_attempt(left);
  }
}

nlohmann::json Gateway::status() const {
  auto out = nlohmann::json::array();
  for (const auto& child : children_) out.push_back(child->status());
  return out;
}

}  // namespace conhub::cli
