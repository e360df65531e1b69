// The environment `wrap` starts a child with: the parent's own, without any CONHUB_*
// variable (CONHUB_MASTER_KEY opens every secret; none of our settings are the child's
// business), plus the connection's credential in the variables that provider's own MCP
// servers read. The built-in mapping is the one table kEnvRules in wrap_env.cpp;
// `--env VAR=FIELD` adds a variable or overrides a built-in one. Main thread only.
#pragma once

#include <string>
#include <vector>

#include <conhub/store/result.hpp>

#include "secret_fields.hpp"

namespace conhub::cli {

struct EnvOverride {
  std::string variable;
  std::string field;
};

/// Parses one `--env VAR=FIELD`; throws UsageError when it is malformed.
EnvOverride parse_env_override(const std::string& text);

/// An envp for execve. Owns its strings, some of which hold the secret, and wipes them
/// when destroyed. Move-only.
class ChildEnvironment {
 public:
  ChildEnvironment() = default;
  ChildEnvironment(ChildEnvironment&&) = default;
  ChildEnvironment& operator=(ChildEnvironment&&) = delete;
  ChildEnvironment(const ChildEnvironment&) = delete;
  ~ChildEnvironment();

  std::vector<std::string> entries;   // "NAME=value"
  std::vector<std::string> injected;  // names of the variables set from the secret (no values)
};

/// Builds the child's environment from `parent` (environ). Fails, naming the secret's
/// fields but never their values, when an --env FIELD is missing, or when `provider`
/// has no built-in mapping and no --env was given.
store::Result<ChildEnvironment> child_environment(char** parent, const std::string& provider,
                                                  const std::vector<EnvOverride>& overrides, const SecretFields& fields);

/// The built-in mapping, one provider a line, for `wrap --help`.
std::string env_rules_text();

}  // namespace conhub::cli
