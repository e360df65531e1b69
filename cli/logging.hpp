// Logging for the conhub-mcp process: one spdlog logger writing to stderr only (stdout is
// the protocol channel in stdio mode). Level from --log-level, else CONHUB_LOG, else info.
#pragma once

#include <optional>
#include <string>

namespace conhub::cli {

/// Throws UsageError for an unknown level name. main() calls it first so that no command
/// can log to stdout through spdlog's default logger; serve calls it again with its flag.
void setup_logging(const std::optional<std::string>& level_flag);

}  // namespace conhub::cli
