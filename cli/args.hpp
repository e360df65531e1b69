// Args: a small command-line reader shared by the subcommands. Each subcommand takes the
// flags it knows; whatever is left is an error reported with the subcommand's usage.
// Not thread-safe; used on the main thread only.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace conhub::cli {

class Args {
 public:
  explicit Args(std::vector<std::string> words) : words_(std::move(words)) {}

  /// Removes `--name` and reports whether it was present.
  bool flag(const std::string& name);
  /// Removes `--name VALUE` or `--name=VALUE`; throws UsageError when the value is missing.
  std::optional<std::string> value(const std::string& name);
  /// Removes and returns all remaining values given for a repeatable `--name`.
  std::vector<std::string> values(const std::string& name);
  /// Removes and returns the next word that is not a flag.
  std::optional<std::string> positional();
  /// Everything after a literal `--` (removed along with it).
  std::vector<std::string> after_double_dash();
  /// Throws UsageError naming the first word nobody took.
  void expect_empty() const;

 private:
  std::vector<std::string> words_;
};

struct UsageError {
  std::string message;
};

}  // namespace conhub::cli
