// The Context a handler sees: progress, logging and ask() for one request.
#include "session/request_context.hpp"

#include "protocol/result_shaping.hpp"
#include "server/server_core.hpp"
#include "session/sealed_state.hpp"
#include "session/session.hpp"

namespace conhub::mcp::detail {

using nlohmann::json;

namespace {

constexpr const char* kLevelNames[] = {"debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"};

const char* capability_for(const std::string& method) {
  if (method == "sampling/createMessage") return "sampling";
  if (method == "elicitation/create") return "elicitation";
  return "roots";
}

}  // namespace

std::optional<LogLevel> parse_log_level(const std::string& name) {
  for (int i = 0; i < 8; ++i)
    if (name == kLevelNames[i]) return static_cast<LogLevel>(i);
  return std::nullopt;
}

const char* log_level_name(LogLevel level) { return kLevelNames[static_cast<int>(level)]; }

const std::shared_ptr<const json>& empty_object() {
  static const auto kEmpty = std::make_shared<const json>(json::object());
  return kEmpty;
}

RequestScope::RequestScope(std::shared_ptr<SessionImpl> session, ServerCore& core)
    : session_(std::move(session)), core_(core) {}

void RequestScope::progress(double progress, std::optional<double> total, const std::string& message) {
  if (progress_token_.is_null() || cancelled()) return;
  json params{{"progressToken", progress_token_}, {"progress", progress}};
  if (total) params["total"] = *total;
  if (!message.empty() && at_least(revision, Revision::k2025_03_26)) params["message"] = message;
  session_->send_to(interim, encode_notification("notifications/progress", params));
}

void RequestScope::log(LogLevel level, const json& data, const std::string& logger) {
  // 2026-07-28: without a per-request logLevel the server MUST NOT log to the client.
  if (!log_level || static_cast<int>(level) < static_cast<int>(*log_level)) return;
  json params{{"level", log_level_name(level)}, {"data", data}};
  if (!logger.empty()) params["logger"] = logger;
  session_->send_to(interim, encode_notification("notifications/message", params));
}

Result<json> RequestScope::ask(const std::string& key, const InputRequest& request) {
  if (auto it = answers_.find(key); it != answers_.end()) return *it;
  const char* capability = capability_for(request.method);
  if (!client_capabilities_->is_object() || !client_capabilities_->contains(capability)) {
    if (is_stateless(revision)) throw ProtocolErrorSignal{Error::missing_capability(capability)};
    return Error::missing_capability(capability);
  }
  if (is_stateless(revision)) throw InputRequiredSignal{{{key, request}}};
  auto answer = session_->request_from_client(request.method,
                                              input_request_params_for(revision, request.method, request.params),
                                              stop_token(), interim);
  if (answer) answers_[key] = *answer;
  return answer;
}

Result<json> RequestScope::ask_all(const std::vector<std::pair<std::string, InputRequest>>& questions) {
  if (!is_stateless(revision)) return Context::ask_all(questions);
  json answers = json::object();
  InputRequiredSignal unanswered;
  for (const auto& [key, request] : questions) {
    if (auto it = answers_.find(key); it != answers_.end()) {
      answers[key] = *it;
      continue;
    }
    const char* capability = capability_for(request.method);
    if (!client_capabilities_->is_object() || !client_capabilities_->contains(capability))
      throw ProtocolErrorSignal{Error::missing_capability(capability)};
    unanswered.questions.emplace_back(key, request);
  }
  if (!unanswered.questions.empty()) throw unanswered;
  return answers;
}

void RequestScope::fail(const Error& error, Completion::Origin origin) {
  respond(Completion{encode_error(id, error), id, static_cast<int>(error.code), origin});
}

void RequestScope::link_stop(std::stop_token stop) {
  if (!stop.stop_possible()) return;
  stop_link_ = std::make_unique<std::stop_callback<std::function<void()>>>(std::move(stop), [this] { cancel(); });
}

std::optional<std::string> RequestScope::load_answers(const std::string& target, const json& arguments) {
  if (!is_stateless(revision)) return std::nullopt;  // ask() waits inline on stateful revisions
  mrtr_target_ = target;
  mrtr_arguments_ = arguments;
  if (auto state = params.find("requestState"); state != params.end() && !state->is_null()) {
    auto payload = state->is_string() ? core_.sealer().open("mrtr", state->get<std::string>()) : std::nullopt;
    if (!payload || !payload->is_object())
      return "requestState is not valid (altered, from another server, or expired); send the request again "
             "without requestState and inputResponses";
    if (payload->value("m", "") != method || payload->value("t", "") != target ||
        payload->value("d", "") != digest_of(arguments))
      return "requestState belongs to a different request; send it only with the request that produced it";
    if (auto a = payload->find("a"); a != payload->end() && a->is_object()) answers_ = *a;
  }
  if (auto responses = params.find("inputResponses"); responses != params.end() && !responses->is_null()) {
    if (!responses->is_object()) return "inputResponses must be an object keyed by the inputRequests keys";
    // 2026-07-28 InputResponses: each value is the client's result object (ElicitResult,
    // CreateMessageResult or ListRootsResult); anything else is a malformed request.
    for (const auto& [key, value] : responses->items()) {
      if (!value.is_object())
        return "inputResponses[\"" + key + "\"] must be the result object of that inputRequest";
      answers_[key] = value;
    }
  }
  return std::nullopt;
}

json RequestScope::input_required(const InputRequiredSignal& signal) const {
  json state{{"m", method}, {"t", mrtr_target_}, {"d", digest_of(mrtr_arguments_)}, {"a", answers_}};
  json requests = json::object();
  for (const auto& [key, request] : signal.questions) {
    requests[key] = {{"method", request.method},
                     {"params", input_request_params_for(revision, request.method, request.params)}};
  }
  return json{
      {"resultType", "input_required"},
      {"inputRequests", std::move(requests)},
      {"requestState", core_.sealer().seal("mrtr", std::move(state), core_.options().request_state_lifetime)}};
}

}  // namespace conhub::mcp::detail
