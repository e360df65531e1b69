// SessionImpl: the protocol state of one client connection — the negotiated revision,
// the client's capabilities and log level, in-flight requests (for cancellation),
// outstanding server-to-client requests, resource subscriptions and 2026-07-28 listen
// streams. Transports feed it messages; handlers run on the core's worker pool.
// Thread-safe: receive() on the transport's thread, everything else from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "conhub/mcp/server.hpp"
#include "jsonrpc/message.hpp"
#include "protocol/revisions.hpp"
#include "server/server_core.hpp"

namespace conhub::mcp::detail {

class RequestScope;
struct Route;

/// A JSON-RPC id as a map key ("7" and "\"7\"" stay distinct).
inline std::string id_text(const nlohmann::json& id) { return id.dump(); }

class SessionImpl : public std::enable_shared_from_this<SessionImpl> {
 public:
  SessionImpl(ServerCore& core, MessageSink sink, SessionOptions options);

  /// `here`: run handlers on the calling thread rather than the worker pool.
  void receive(std::string_view text, Exchange exchange, bool here);
  /// The Exchange of the plain receive(): everything goes to the session's sink.
  Exchange sink_exchange();
  bool drain(std::chrono::milliseconds timeout);
  void reject(const Error& error);
  void close();
  std::size_t in_flight() const;

  /// Writes one message unless the session is closed.
  void send(std::string message);
  /// Writes one message to `out` (a request's Exchange::interim) unless the session is closed.
  void send_to(const std::function<void(std::string)>& out, std::string message);
  void send_notification(const std::string& method, const nlohmann::json& params);
  /// Sends a request to the client through `out` and waits for its answer, the stop
  /// token or the timeout.
  Result<nlohmann::json> request_from_client(const std::string& method, const nlohmann::json& params,
                                             std::stop_token stop, const std::function<void(std::string)>& out);

  void on_list_changed(ListKind kind);
  void on_resource_updated(const std::string& uri);
  /// The URIs this session wants updates for: resources/subscribe and listen streams.
  void add_subscribed_uris(std::set<std::string>& out) const;

  // Used by the method handlers (dispatcher.cpp).
  struct Handshake {
    Revision revision;
    nlohmann::json client_info;
    nlohmann::json client_capabilities;
  };
  void complete_handshake(Handshake handshake);
  void set_log_level(LogLevel level);
  void subscribe(const std::string& uri, bool on);
  /// 2026-07-28 subscriptions/listen: remembers the stream until cancelled or closed;
  /// `respond` completes it then (with no message: a listen is never answered).
  void listen(const nlohmann::json& id, nlohmann::json filter, std::function<void(Completion)> respond);

 private:
  struct Pending {
    std::mutex mutex;
    std::condition_variable_any done_cv;
    bool done = false;
    nlohmann::json result;
    std::optional<Error> error;
  };

  using Responder = std::function<void(Completion)>;
  void handle_value(const nlohmann::json& value, const Exchange& exchange, const Responder& respond, bool here);
  void handle_batch(const nlohmann::json& batch, const Exchange& exchange);
  void handle_notification(const Message& message);
  void handle_response(const Message& message);
  void handle_request(Message message, const Exchange& exchange, Responder respond, bool here);
  /// Builds the scope: the revision and client facts from the session (stateful) or from
  /// the request's `_meta` (stateless). Returns the error to answer with instead.
  std::optional<Error> prepare(RequestScope& scope);
  void run(const std::shared_ptr<RequestScope>& scope, const Route* route);
  void finish(RequestScope& scope, nlohmann::json result, std::optional<Error> error);

  ServerCore& core_;
  MessageSink sink_;
  SessionOptions options_;
  std::atomic<bool> closed_{false};
  std::once_flag attach_once_;  // stateless sessions join the core's fan-out on first listen

  mutable std::mutex mutex_;
  std::condition_variable idle_cv_;
  bool initialized_ = false;                        // guarded by mutex_
  Revision revision_ = kLatestStateful;             // guarded by mutex_
  // Immutable once set, shared with every request's scope.
  std::shared_ptr<const nlohmann::json> client_info_ = std::make_shared<const nlohmann::json>(nlohmann::json::object());  // guarded by mutex_
  std::shared_ptr<const nlohmann::json> client_capabilities_ = std::make_shared<const nlohmann::json>(nlohmann::json::object());  // guarded by mutex_
  std::optional<LogLevel> log_level_;               // guarded by mutex_
  std::set<std::string> subscriptions_;             // guarded by mutex_
  struct Listener {
    nlohmann::json id;
    nlohmann::json filter;
    std::function<void(Completion)> respond;
  };
  std::map<std::string, Listener> listeners_;  // id text -> listen stream; guarded by mutex_
  std::map<std::string, std::shared_ptr<RequestScope>> in_flight_;  // id text -> scope; guarded by mutex_
  std::map<std::string, std::shared_ptr<Pending>> pending_;       // our request id -> answer; guarded
  std::uint64_t next_request_id_ = 1;                             // guarded by mutex_

  friend class RequestScope;
};

}  // namespace conhub::mcp::detail
