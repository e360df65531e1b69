#include "conhub/mcp/client.hpp"

#include <atomic>
#include <condition_variable>
#include <cstring>
#include <csignal>
#include <map>
#include <mutex>
#include <thread>

#include "client/child_pipe.hpp"
#include "jsonrpc/message.hpp"
#include "transport/line_framer.hpp"

namespace conhub::mcp {

using nlohmann::json;

namespace {

struct Pending {
  bool done = false;
  bool cancelled = false;
  json result;
  std::optional<Error> error;
  std::function<void(const json&)> on_progress;
};

std::string shorten(const std::string& text) { return text.size() <= 200 ? text : text.substr(0, 200) + "..."; }

}  // namespace

struct Client::Impl {
  ClientOptions options;
  detail::ChildPipe child;
  std::mutex write_mutex;  // guards writes to the child's stdin and its closing
  std::mutex progress_mutex;  // held while a progress callback runs; taken before `mutex`
  std::mutex mutex;        // guards everything below
  std::condition_variable changed;
  std::map<std::int64_t, std::shared_ptr<Pending>> pending;
  std::map<std::string, std::shared_ptr<Pending>> by_progress_token;
  std::int64_t next_id = 1;
  bool closed = false;  // the child's stdout ended
  std::thread reader;
  json initialize_result;

  bool send(const std::string& message) {
    std::lock_guard lock(write_mutex);
    return child.write_all(message + "\n");
  }

  void read_loop() {
    detail::LineFramer framer(options.max_line_bytes);
    std::vector<detail::LineFramer::Line> lines;
    char buffer[65536];
    for (;;) {
      const long n = child.read_some(buffer, sizeof buffer);
      if (n <= 0) break;
      lines.clear();
      framer.feed(buffer, static_cast<std::size_t>(n), lines);
      for (auto& line : lines) {
        if (line.oversized) {
          garbage("(oversized line of " + std::to_string(line.size) + " bytes)");
          continue;
        }
        handle_line(line.text);
      }
    }
    std::function<void()> on_exit;
    {
      std::lock_guard lock(mutex);
      closed = true;
      for (auto& [id, p] : pending) {
        if (!p->done) {
          p->done = true;
          p->error = Error::internal("the MCP server process exited");
        }
      }
      on_exit = options.on_exit;
    }
    changed.notify_all();
    if (on_exit) on_exit();
  }

  void garbage(const std::string& line) {
    if (options.on_garbage) options.on_garbage(shorten(line));
  }

  void handle_line(const std::string& text) {
    auto parsed = detail::parse_json(text);
    if (std::holds_alternative<detail::DecodeFailure>(parsed)) {
      garbage(text);
      return;
    }
    auto& value = std::get<json>(parsed);
    if (value.is_array()) {  // a batch (2025-03-26): each element on its own
      for (auto& element : value) handle_message(element, text);
      return;
    }
    handle_message(value, text);
  }

  void handle_message(const json& value, const std::string& text) {
    auto decoded = detail::decode_message(value);
    if (std::holds_alternative<detail::DecodeFailure>(decoded)) {
      garbage(text);
      return;
    }
    auto& message = std::get<detail::Message>(decoded);
    switch (message.kind) {
      case detail::Message::Kind::kResponse: return handle_response(message);
      case detail::Message::Kind::kNotification: return handle_notification(message);
      case detail::Message::Kind::kRequest: return handle_request(std::move(message));
    }
  }

  void handle_response(detail::Message& message) {
    if (!message.id.is_number_integer()) return;  // not one of ours: we only send integers
    {
      std::lock_guard lock(mutex);
      auto it = pending.find(message.id.get<std::int64_t>());
      if (it == pending.end() || it->second->done) return;  // late answer after timeout/cancel
      it->second->done = true;
      if (message.error) it->second->error = std::move(message.error);
      else it->second->result = std::move(message.result);
    }
    changed.notify_all();
  }

  void handle_notification(const detail::Message& message) {
    if (message.method == "notifications/progress" && message.params.is_object()) {
      // Held while the callback runs, and by forget(): once request() returns, no progress
      // callback of that request is running or will run (it may touch the caller's stack).
      std::lock_guard progress_lock(progress_mutex);
      std::function<void(const json&)> callback;
      {
        std::lock_guard lock(mutex);
        auto token = message.params.find("progressToken");
        if (token != message.params.end()) {
          auto it = by_progress_token.find(token->is_string() ? token->get<std::string>() : token->dump());
          if (it != by_progress_token.end()) callback = it->second->on_progress;
        }
      }
      if (callback) {
        callback(message.params);
        return;
      }
    }
    if (options.on_notification) options.on_notification(message.method, message.params);
  }

  void handle_request(detail::Message message) {
    if (message.method == "ping") {
      send(detail::encode_result(message.id, json::object()));
      return;
    }
    // Answered on a thread of its own: relaying sampling or elicitation may wait for a person.
    std::thread([self = self_ref.lock(), message = std::move(message)]() {
      if (!self) return;
      Result<json> answer = Error::method_not_found(message.method);
      if (self->options.on_request) {
        try {
          answer = self->options.on_request(message.method, message.params);
        } catch (const std::exception& e) {
          answer = Error::internal(std::string("client failed to answer: ") + e.what());
        }
      }
      self->send(answer ? detail::encode_result(message.id, *answer) : detail::encode_error(message.id, answer.error()));
    }).detach();
  }

  Result<json> request(const std::string& method, json params, RequestOptions request_options) {
    if (!params.is_object()) params = json::object();
    auto p = std::make_shared<Pending>();
    p->on_progress = std::move(request_options.on_progress);
    std::int64_t id = 0;
    std::string token;
    {
      std::lock_guard lock(mutex);
      if (closed) return Error::internal("the MCP server process has exited");
      id = next_id++;
      pending[id] = p;
      if (p->on_progress) {
        token = "conhub-" + std::to_string(id);
        by_progress_token[token] = p;
        params["_meta"]["progressToken"] = token;
      }
    }
    const auto forget = [&] {
      std::lock_guard progress_lock(progress_mutex);
      std::lock_guard lock(mutex);
      pending.erase(id);
      if (!token.empty()) by_progress_token.erase(token);
    };
    if (!send(detail::encode_request(id, method, params))) {
      forget();
      return Error::internal("the MCP server process has exited");
    }
    std::stop_callback on_stop(request_options.stop, [&] {
      {
        std::lock_guard lock(mutex);
        p->cancelled = true;
      }
      changed.notify_all();
    });
    const auto timeout = request_options.timeout.value_or(options.request_timeout);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    bool done = false;
    bool cancelled = false;
    {
      std::unique_lock lock(mutex);
      changed.wait_until(lock, deadline, [&] { return p->done || p->cancelled; });
      done = p->done;
      cancelled = p->cancelled;
    }
    forget();
    if (done) {
      if (p->error) return *p->error;
      return std::move(p->result);
    }
    // 2025-11-25 basic/utilities/cancellation: tell the server to stop working on it.
    const std::string reason = cancelled ? "cancelled by the client" : "timed out";
    send(detail::encode_notification("notifications/cancelled", {{"requestId", id}, {"reason", reason}}));
    if (cancelled) return Error::internal(method + " was cancelled");
    return Error::internal(method + " got no answer within " + std::to_string(timeout.count()) + " ms");
  }

  void stop() {
    {
      std::lock_guard lock(write_mutex);
      child.terminate(500);
    }
    if (reader.joinable()) reader.join();
  }

  std::weak_ptr<Impl> self_ref;
};

Client::Client(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

Client::~Client() { stop(); }

Result<std::unique_ptr<Client>> Client::start(ClientOptions options) {
  static std::once_flag ignore_sigpipe;
  // A child that exits while we write must give EPIPE, not end this process.
  std::call_once(ignore_sigpipe, [] { ::signal(SIGPIPE, SIG_IGN); });
  auto impl = std::make_shared<Impl>();
  impl->self_ref = impl;
  impl->options = std::move(options);
  const auto& opts = impl->options;
  const std::string program = opts.argv.empty() ? std::string("(none)") : opts.argv.front();
  if (const int error = impl->child.start(opts.argv, opts.env); error != 0)
    return Error::internal("cannot start '" + program + "': " + std::strerror(error));
  impl->reader = std::thread([raw = impl.get()] { raw->read_loop(); });
  std::unique_ptr<Client> client(new Client(impl));
  auto result = impl->request("initialize",
                              {{"protocolVersion", opts.protocol_version},
                               {"capabilities", opts.capabilities},
                               {"clientInfo", opts.client_info}},
                              {.timeout = opts.initialize_timeout, .stop = opts.stop});
  if (!result) {
    client->stop();
    const bool exited = result.error().message.find("exited") != std::string::npos;
    if (exited) return Error::internal("'" + program + "' exited before answering initialize");
    if (opts.stop.stop_requested()) return Error::internal("start of '" + program + "' was cancelled");
    if (result.error().code != ErrorCode::kInternalError)
      return Error::internal("'" + program + "' refused initialize: " + result.error().message);
    return Error::internal("'" + program + "' did not answer initialize within " +
                           std::to_string(opts.initialize_timeout.count()) + " ms");
  }
  impl->initialize_result = std::move(*result);
  impl->send(detail::encode_notification("notifications/initialized", json::object()));
  return client;
}

Result<json> Client::request(const std::string& method, json params, RequestOptions options) {
  return impl_->request(method, std::move(params), std::move(options));
}

void Client::notify(const std::string& method, json params) {
  impl_->send(detail::encode_notification(method, params));
}

const json& Client::server_initialize_result() const { return impl_->initialize_result; }

bool Client::running() const {
  std::lock_guard lock(impl_->mutex);
  return !impl_->closed;
}

int Client::pid() const { return impl_->child.pid(); }

void Client::stop() { impl_->stop(); }

}  // namespace conhub::mcp
