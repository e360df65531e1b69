// Client: an MCP client speaking newline-delimited JSON-RPC to one child process over its
// stdin/stdout (2025-11-25 basic/transports, stdio). It starts the child, runs the
// initialize handshake, correlates responses by id, delivers notifications and answers
// the child's requests through callbacks, and notices when the child exits.
// Thread-safety: request() and notify() may be called from any thread; callbacks run on
// the client's reader thread, except on_request, which runs on a helper thread of its own
// so the reader keeps reading meanwhile. The destructor stops the child.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "conhub/mcp/result.hpp"

namespace conhub::mcp {

struct ClientOptions {
  std::vector<std::string> argv;  // argv[0] is searched in PATH when it has no '/'
  std::vector<std::string> env;   // the child's whole environment, "NAME=value"
  nlohmann::json client_info = {{"name", "conhub-mcp"}, {"version", "0"}};
  nlohmann::json capabilities = nlohmann::json::object();  // the client capabilities to declare
  std::string protocol_version = "2025-11-25";
  std::chrono::milliseconds initialize_timeout{10'000};
  std::stop_token stop;  // ends start() early (e.g. the owner shuts down while a child is silent)
  std::chrono::milliseconds request_timeout{60'000};  // default per request
  std::size_t max_line_bytes = 16 * 1024 * 1024;
  /// The child's notifications (method, params): progress, list_changed, logging, ...
  std::function<void(const std::string& method, const nlohmann::json& params)> on_notification;
  /// The child's requests (sampling/createMessage, elicitation/create, roots/list): return
  /// the result object or an Error. Runs on its own thread; may block.
  std::function<Result<nlohmann::json>(const std::string& method, const nlohmann::json& params)> on_request;
  /// Called once when the child's stdout closes (it exited or crashed).
  std::function<void()> on_exit;
  /// A line on stdout that is not JSON-RPC: skipped; reported here (truncated) for logging.
  std::function<void(const std::string& line)> on_garbage;
};

struct RequestOptions {
  std::optional<std::chrono::milliseconds> timeout;  // default: ClientOptions::request_timeout
  std::stop_token stop;  // when stop is requested: notifications/cancelled, then a cancelled error
  /// Called for each notifications/progress the child sends for this request (a
  /// progressToken is added to `_meta` when set).
  std::function<void(const nlohmann::json& params)> on_progress;
};

class Client {
 public:
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  /// Starts the child and completes initialize + notifications/initialized. Fails with a
  /// message saying what went wrong (cannot start, exited, no answer within the timeout).
  static Result<std::unique_ptr<Client>> start(ClientOptions options);

  /// Sends a request and waits for its result. Errors: the child's JSON-RPC error, or an
  /// internal error for timeout, cancellation and child exit.
  Result<nlohmann::json> request(const std::string& method, nlohmann::json params = nlohmann::json::object(),
                                 RequestOptions options = {});
  void notify(const std::string& method, nlohmann::json params = nlohmann::json::object());

  /// The child's initialize result (protocolVersion, capabilities, serverInfo, ...).
  const nlohmann::json& server_initialize_result() const;
  bool running() const;
  int pid() const;
  /// Ends the child: closes its stdin, then SIGTERM, then SIGKILL; waits for it.
  void stop();

  struct Impl;

 private:
  explicit Client(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;  // shared with threads answering the child's requests
};

}  // namespace conhub::mcp
