#include "logging.hpp"

#include <cstdlib>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "args.hpp"

namespace conhub::cli {

void setup_logging(const std::optional<std::string>& level_flag) {
  std::string name = level_flag.value_or("");
  if (name.empty()) {
    const char* env = std::getenv("CONHUB_LOG");
    name = env != nullptr ? env : "info";
  }
  auto level = spdlog::level::from_str(name);
  // from_str answers "off" for anything it does not know; only accept "off" when asked.
  if (level == spdlog::level::off && name != "off")
    throw UsageError{"unknown log level '" + name + "' (use trace, debug, info, warn, error, critical or off)"};
  // Not registered by name, so serve can call this again after main() did.
  auto logger = std::make_shared<spdlog::logger>("conhub", std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  logger->set_level(level);
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  spdlog::set_default_logger(logger);
}

}  // namespace conhub::cli
