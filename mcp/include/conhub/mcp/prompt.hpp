// Prompt declarations: PromptSpec is what prompts/list shows, PromptHandler builds the
// messages of prompts/get. Handlers run on the worker pool and may be called concurrently.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "conhub/mcp/content.hpp"
#include "conhub/mcp/result.hpp"

namespace conhub::mcp {

class Context;

struct PromptArgument {
  std::string name;
  std::string description;
  bool required = false;
};

struct PromptSpec {
  std::string name;
  std::string title;
  std::string description;
  std::vector<PromptArgument> arguments;
};

using PromptArgs = std::map<std::string, std::string>;

struct PromptMessage {
  std::string role;  // "user" or "assistant"
  Content content;
};

struct PromptResult {
  std::string description;
  std::vector<PromptMessage> messages;
};

using PromptHandler = std::function<Result<PromptResult>(const PromptArgs& arguments, Context& context)>;

/// completion/complete: what a client completes, a prompt argument or a template variable.
struct CompletionRef {
  enum class Kind { kPrompt, kResourceTemplate };
  Kind kind;
  std::string name;  // prompt name, or the template's uri_template

  static CompletionRef prompt(std::string name) { return {Kind::kPrompt, std::move(name)}; }
  static CompletionRef resource_template(std::string uri_template) {
    return {Kind::kResourceTemplate, std::move(uri_template)};
  }
};

/// Gets the partial value and the other arguments already chosen; returns candidates
/// (the server caps the list at 100 and reports the total, per the spec).
using CompletionHandler = std::function<std::vector<std::string>(
    const std::string& partial_value, const std::map<std::string, std::string>& context_arguments)>;

}  // namespace conhub::mcp
