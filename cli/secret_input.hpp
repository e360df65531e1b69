// Where `connect` reads a secret from: an environment variable (--from-env), else stdin
// when it is not a terminal (piped), else a prompt on the terminal with echo turned off.
// Never argv: it would show in `ps` and shell history. Main thread only.
#pragma once

#include <optional>
#include <string>

#include <conhub/store/result.hpp>
#include <conhub/store/secret.hpp>

namespace conhub::cli {

store::Result<store::Secret> read_secret(const std::optional<std::string>& from_env, const std::string& prompt);

}  // namespace conhub::cli
