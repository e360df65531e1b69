// Server: the feature registry of one MCP server (tools, resources, templates, prompts,
// completions) and the factory of protocol sessions. Transports open one Session per
// client connection (stateful) or per stream (stateless 2026-07-28) and feed it bytes.
// Thread-safety: every method may be called from any thread, also while serving; changes
// to the registry notify connected clients with list_changed.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "conhub/mcp/context.hpp"
#include "conhub/mcp/prompt.hpp"
#include "conhub/mcp/resource.hpp"
#include "conhub/mcp/tool.hpp"

namespace conhub::mcp {

namespace detail {
class ServerCore;
}

struct ServerInfo {
  std::string name;
  std::string version;
  std::string title;
  std::string instructions;  // sent in initialize / server/discover results
};

/// What the server reports after each tools/call, resources/read and prompts/get, for an
/// audit log. `arguments` are the client's arguments as received: redact before storing.
struct CallRecord {
  std::string method;     // "tools/call", "resources/read" or "prompts/get"
  std::string name;       // tool or prompt name, or resource URI
  std::string principal;  // SessionOptions::principal
  std::string client;  // "name/version" from the client's clientInfo
  nlohmann::json arguments;
  std::chrono::microseconds duration{0};
  bool ok = true;          // false for protocol errors and isError results
  std::string error_text;  // the message the client saw
};
using CallObserver = std::function<void(CallRecord record)>;

struct ServerOptions {
  std::size_t worker_threads = 8;       // handlers run here, never on transport threads
  std::size_t max_queued_requests = 4096;  // beyond this, requests get "server busy"
  std::size_t page_size = 100;          // items per page of the list methods
  /// Key (any length) that seals 2026-07-28 requestState and pagination cursors; random per
  /// process when empty. Give several instances behind one load balancer the same key.
  std::string state_key;
  std::chrono::seconds request_state_lifetime{600};
  std::chrono::milliseconds list_ttl{60'000};  // 2026-07-28 ttlMs on list results
  std::chrono::milliseconds stateful_request_timeout{300'000};  // wait for a client's answer to ask()
  CallObserver on_call;  // called on the worker thread after the response is sent; must not block long
};

/// Returned by add_*; lets the owner hide, show or drop what it registered.
class Registration {
 public:
  Registration() = default;
  void enable();
  void disable();
  void remove();

 private:
  friend class detail::ServerCore;
  Registration(std::weak_ptr<detail::ServerCore> core, int kind, std::string key)
      : core_(std::move(core)), kind_(kind), key_(std::move(key)) {}
  std::weak_ptr<detail::ServerCore> core_;
  int kind_ = 0;
  std::string key_;
};

/// For a resource provider that watches its data on its own thread: which URIs clients are
/// subscribed to (resources/subscribe, or a 2026-07-28 listen stream's resourceSubscriptions),
/// and a way to send them notifications/resources/updated. It holds the server weakly, so it
/// may outlive the server: both calls then do nothing. Thread-safety: call from any thread.
class ResourceUpdates {
 public:
  ResourceUpdates() = default;
  /// Sorted and without duplicates, across all sessions.
  std::vector<std::string> subscribed() const;
  void updated(const std::string& uri) const;

 private:
  friend class Server;
  explicit ResourceUpdates(std::weak_ptr<detail::ServerCore> core) : core_(std::move(core)) {}
  std::weak_ptr<detail::ServerCore> core_;
};

/// Where a session writes: one complete JSON-RPC message (no trailing newline) per call.
/// Called from several threads; the transport must serialise writes.
using MessageSink = std::function<void(std::string message)>;

/// The outcome of one received message (see Exchange): the reply to send, if any, and
/// what a transport needs to pick an HTTP status without parsing the reply again.
struct Completion {
  enum class Origin {
    kHandler,   // produced after a route ran (results, handler errors)
    kEnvelope,  // refused before any route ran: decoding, _meta, version, unknown method
    kOverload,  // the worker pool was full
  };
  std::string message;  // the response or batch array; empty when there is none to send
  nlohmann::json id;    // the request's id; null for notifications, responses and batches
  int error_code = 0;   // the JSON-RPC error code of a single error response, else 0
  Origin origin = Origin::kHandler;
};

/// Where everything caused by one received message goes. Streamable HTTP gives each POST
/// its own Exchange so a request's progress, logs and server-to-client requests travel on
/// that POST's stream; messages unrelated to any request still go to the session's sink.
struct Exchange {
  /// Notifications and requests a handler sends before its response. Called from worker
  /// threads, never after `complete`.
  std::function<void(std::string message)> interim;
  /// Called exactly once per receive(), also when there is nothing to send.
  std::function<void(Completion completion)> complete;
  /// When stop is requested, every request started by this message is cancelled.
  std::stop_token stop;
};

/// One client's protocol state (stateful) or one stream (stateless). Owned by its transport.
class Session {
 public:
  virtual ~Session() = default;
  /// Handles one message from the client: a request, notification, response or batch.
  /// Never throws; malformed input is answered with a JSON-RPC error. Replies and
  /// interim messages go to the session's sink.
  virtual void receive(std::string_view message) = 0;
  /// Like receive(), but routes what this message causes to `exchange` (see Exchange).
  virtual void receive(std::string_view message, Exchange exchange) = 0;
  /// Like receive(), but runs the handler on the calling thread instead of the worker
  /// pool. For transports that keep reading on another thread meanwhile (stdio does).
  virtual void receive_here(std::string_view message) = 0;
  /// Reports a framing-level problem (e.g. an oversized line) as a JSON-RPC error.
  virtual void reject(const Error& error) = 0;
  /// Waits until no request is in flight, or `timeout` passes; true when idle.
  virtual bool drain(std::chrono::milliseconds timeout) = 0;
  /// The client is gone: cancels in-flight requests and waits (bounded) for their handlers.
  virtual void close() = 0;
  /// Number of requests whose handlers are still running.
  virtual std::size_t in_flight() const = 0;
};

struct SessionOptions {
  std::string principal;  // e.g. the authenticated token id; reaches Context::principal()
  /// A 2026-07-28 session opened for one HTTP request: no initialize (-32601), and every
  /// request must carry its protocol version and client capabilities in `_meta` (-32602).
  bool stateless = false;
};

class Server {
 public:
  explicit Server(ServerInfo info, ServerOptions options = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Throws std::invalid_argument for an invalid or duplicate name (a startup error).
  Registration add_tool(ToolSpec spec, ToolHandler handler);
  /// Typed form: the handler takes `const Args&` decoded with nlohmann's from_json;
  /// a decoding failure becomes a tool error naming the bad argument.
  template <typename Args, typename F>
  Registration add_typed_tool(ToolSpec spec, F handler);

  Registration add_resource(ResourceSpec spec, ResourceHandler handler);
  Registration add_resource_template(ResourceTemplateSpec spec, ResourceTemplateHandler handler);
  Registration add_prompt(PromptSpec spec, PromptHandler handler);
  void add_completion(CompletionRef ref, std::string argument, CompletionHandler handler);

  /// Tells subscribed clients that the resource changed (notifications/resources/updated).
  void notify_resource_updated(const std::string& uri);
  /// A handle for watching subscriptions from another thread (see ResourceUpdates).
  ResourceUpdates resource_updates() const;

  std::unique_ptr<Session> open_session(MessageSink sink, SessionOptions options = {});

  const ServerInfo& info() const;

 private:
  std::shared_ptr<detail::ServerCore> core_;
};

template <typename Args, typename F>
Registration Server::add_typed_tool(ToolSpec spec, F handler) {
  static_assert(std::is_invocable_r_v<ToolResult, F&, const Args&, Context&>,
                "handler must be callable as ToolResult(const Args&, Context&)");
  return add_tool(std::move(spec), [handler = std::move(handler)](const nlohmann::json& arguments,
                                                                  Context& context) mutable {
    Args args;
    try {
      arguments.get_to(args);
    } catch (const nlohmann::json::exception& e) {
      return ToolResult::error(std::string("invalid arguments: ") + e.what());
    }
    return handler(args, context);
  });
}

}  // namespace conhub::mcp
