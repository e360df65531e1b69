// Context: a handler's only way to reach the protocol for the request it serves.
// It carries the cancellation token, progress and log reporting, the request's `_meta`,
// what the client said about itself, and ask() for elicitation, sampling and roots.
// One Context lives for one request and is used by the handler's thread only; the
// server keeps it alive until the handler returns.
#pragma once

#include <optional>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "conhub/mcp/result.hpp"

namespace conhub::mcp {

enum class LogLevel { kDebug, kInfo, kNotice, kWarning, kError, kCritical, kAlert, kEmergency };

/// A server-to-client question: sampling/createMessage, elicitation/create or roots/list.
struct InputRequest {
  std::string method;
  nlohmann::json params = nlohmann::json::object();

  /// Form-mode elicitation: `requested_schema` is a flat object schema of primitives.
  static InputRequest elicit(std::string message, nlohmann::json requested_schema);
  /// `params` as in CreateMessageRequestParams (messages, maxTokens, …).
  static InputRequest sample(nlohmann::json params);
  static InputRequest list_roots();
};

class Context {
 public:
  virtual ~Context() = default;

  /// Set when the client cancels the request or disconnects; long work should poll it
  /// or pass it on (the HTTP client aborts transfers with it).
  virtual std::stop_token stop_token() const = 0;
  bool cancelled() const { return stop_token().stop_requested(); }

  /// Sends notifications/progress when the client asked for it (a progressToken in `_meta`).
  virtual void progress(double progress, std::optional<double> total = std::nullopt,
                        const std::string& message = {}) = 0;

  /// Sends notifications/message when the client's log level admits `level`.
  virtual void log(LogLevel level, const nlohmann::json& data, const std::string& logger = {}) = 0;

  /// Asks the client and returns its answer (the ElicitResult, CreateMessageResult or
  /// ListRootsResult object). On the stateful revisions this sends a request and waits;
  /// on 2026-07-28 the server answers with an InputRequiredResult and runs the handler
  /// again when the client retries with the answers, so write handlers that may be re-run
  /// up to their asks, and give each question a stable `key`.
  /// When the client did not declare the capability the question needs: on the stateful
  /// revisions ask() fails with kMissingRequiredClientCapability; on 2026-07-28 the request
  /// ends with that error (-32021) without returning, as that revision requires
  /// (basic/index). A handler that can do without the answer checks client_capabilities()
  /// before asking.
  virtual Result<nlohmann::json> ask(const std::string& key, const InputRequest& request) = 0;

  /// Asks several independent questions; the answer is an object keyed like `questions`.
  /// On 2026-07-28 all unanswered questions travel in one InputRequiredResult (one round
  /// trip instead of one per question); on the stateful revisions they are asked one after
  /// another. Fails like ask() on the first question that fails.
  virtual Result<nlohmann::json> ask_all(const std::vector<std::pair<std::string, InputRequest>>& questions) {
    nlohmann::json answers = nlohmann::json::object();
    for (const auto& [key, request] : questions) {
      auto answer = ask(key, request);
      if (!answer) return answer;
      answers[key] = std::move(*answer);
    }
    return answers;
  }

  /// The negotiated (stateful) or per-request (2026-07-28) protocol revision.
  virtual const std::string& protocol_version() const = 0;
  virtual const nlohmann::json& client_info() const = 0;
  virtual const nlohmann::json& client_capabilities() const = 0;
  /// The request's `params._meta`, or an empty object.
  virtual const nlohmann::json& meta() const = 0;
  /// The JSON-RPC id of the request being served.
  virtual const nlohmann::json& request_id() const = 0;
  /// Who is calling, as the transport authenticated it (e.g. a token id); empty on stdio.
  virtual const std::string& principal() const = 0;
};

}  // namespace conhub::mcp
