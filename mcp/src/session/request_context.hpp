// RequestScope: everything one request carries (STYLE.md §8: request-scoped data lives
// here, not on the session) and the Context a handler sees. Created by the session when
// a request arrives, shared with the worker that runs it, destroyed after the reply.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "conhub/mcp/context.hpp"
#include "conhub/mcp/server.hpp"
#include "protocol/revisions.hpp"

namespace conhub::mcp::detail {

class SessionImpl;
class ServerCore;

/// Thrown by ask() on the 2026-07-28 wire to unwind the handler when the client must
/// answer a question first; the registry turns it into an InputRequiredResult. It does not
/// derive from std::exception so handlers catching std::exception do not swallow it.
struct InputRequiredSignal {
  std::vector<std::pair<std::string, InputRequest>> questions;  // the unanswered ones, keyed
};

/// Thrown by ask() on the 2026-07-28 wire when the client lacks the capability the
/// question needs: the request as a whole fails with -32021 (2026-07-28 basic/index §
/// Error Codes), which a handler cannot turn into a partial result.
struct ProtocolErrorSignal {
  Error error;
};

/// One shared `{}` so scopes without client facts allocate nothing.
const std::shared_ptr<const nlohmann::json>& empty_object();

class RequestScope final : public Context {
 public:
  RequestScope(std::shared_ptr<SessionImpl> session, ServerCore& core);

  // Context
  std::stop_token stop_token() const override { return stop_.get_token(); }
  void progress(double progress, std::optional<double> total, const std::string& message) override;
  void log(LogLevel level, const nlohmann::json& data, const std::string& logger) override;
  Result<nlohmann::json> ask(const std::string& key, const InputRequest& request) override;
  Result<nlohmann::json> ask_all(const std::vector<std::pair<std::string, InputRequest>>& questions) override;
  const std::string& protocol_version() const override { return revision_name(revision); }
  const nlohmann::json& client_info() const override { return *client_info_; }
  const nlohmann::json& client_capabilities() const override { return *client_capabilities_; }
  const nlohmann::json& meta() const override { return meta_; }
  const nlohmann::json& request_id() const override { return id; }
  const std::string& principal() const override { return principal_; }

  void cancel() { stop_.request_stop(); }
  SessionImpl& session() { return *session_; }
  ServerCore& core() { return core_; }

  /// Opens the 2026-07-28 requestState / inputResponses of this request, bound to
  /// `target` (tool or prompt name, or URI) and `arguments`. Returns an error message for
  /// a forged, expired or foreign requestState.
  std::optional<std::string> load_answers(const std::string& target, const nlohmann::json& arguments);
  /// The InputRequiredResult for a question the handler could not get answered inline.
  nlohmann::json input_required(const InputRequiredSignal& signal) const;

  nlohmann::json id;
  std::string method;
  nlohmann::json params;  // always an object
  Revision revision = kLatestStateful;
  std::optional<LogLevel> log_level;
  /// Where the reply goes: the message's Exchange, or a batch collector.
  std::function<void(Completion)> respond;
  /// Where the request's notifications and server-to-client requests go.
  std::function<void(std::string)> interim;
  /// Replies with an error; `origin` tells transports whether a route ran.
  void fail(const Error& error, Completion::Origin origin);
  /// Cancels this request when `stop` is requested (the transport's stop, e.g. a closed stream).
  void link_stop(std::stop_token stop);

 private:
  friend class SessionImpl;
  std::shared_ptr<SessionImpl> session_;
  ServerCore& core_;
  std::stop_source stop_;
  std::unique_ptr<std::stop_callback<std::function<void()>>> stop_link_;
  nlohmann::json meta_ = nlohmann::json::object();
  std::shared_ptr<const nlohmann::json> client_info_ = empty_object();
  std::shared_ptr<const nlohmann::json> client_capabilities_ = empty_object();
  nlohmann::json progress_token_;
  std::string principal_;
  // 2026-07-28 multi round-trip state.
  std::string mrtr_target_;
  nlohmann::json mrtr_arguments_;
  nlohmann::json answers_ = nlohmann::json::object();
};

std::optional<LogLevel> parse_log_level(const std::string& name);
const char* log_level_name(LogLevel level);

}  // namespace conhub::mcp::detail
