// The gateway's configuration: which child MCP servers `serve` starts, with which
// credential, and which of their tools it exposes. Read once at startup from a JSON file
// (format in docs/gateway.md); a malformed file is a startup error naming the problem.
// Value types; main thread only.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "wrap_env.hpp"

namespace conhub::cli {

struct ChildConfig {
  std::string name;  // ^[a-zA-Z0-9-]{1,32}$ (no '_': `<name>__<tool>` must split one way)
  std::vector<std::string> argv;  // command, then args
  std::map<std::string, std::string> env;  // extra plain variables (no secrets here)
  std::optional<std::string> connection;   // PROVIDER or PROVIDER/NAME whose secret to inject
  std::vector<EnvOverride> credential_env;  // VAR=FIELD, as `wrap --env`
  std::set<std::string> allow_tools;  // empty: all
  std::set<std::string> deny_tools;
  std::chrono::milliseconds initialize_timeout{30'000};
  std::chrono::milliseconds request_timeout{600'000};

  bool exposes_tool(const std::string& tool) const {
    return (allow_tools.empty() || allow_tools.count(tool) > 0) && deny_tools.count(tool) == 0;
  }
};

/// Parses the file; throws std::runtime_error naming the file and the bad entry.
std::vector<ChildConfig> read_gateway_config(const std::filesystem::path& path);
std::vector<ChildConfig> parse_gateway_config(const std::string& text);

}  // namespace conhub::cli
