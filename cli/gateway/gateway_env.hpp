// The environment each gateway child starts with: ours without CONHUB_* variables, plus
// the config's plain `env`, plus the connection's credential mapped as `wrap` maps it.
// The secret is decrypted once at startup and kept in memory for restarts only.
// Main thread only (reads the store).
#pragma once

#include <string>
#include <vector>

#include "gateway/gateway_config.hpp"
#include "store_access.hpp"

namespace conhub::cli {

struct GatewayEnvironment {
  std::vector<std::string> entries;   // "NAME=value", secrets included
  std::vector<std::string> injected;  // names set from the secret (no values), for logs
};

/// Throws std::runtime_error (naming the child, never a secret) when the connection is
/// missing or its secret lacks a mapped field.
GatewayEnvironment gateway_environment(const ChildConfig& child, OpenStore& store, const std::string& workspace);

}  // namespace conhub::cli
