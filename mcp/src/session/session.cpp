// SessionImpl, part 1: message intake, request lifecycle, cancellation and shutdown.
#include "session/session.hpp"

#include <spdlog/spdlog.h>

#include <condition_variable>

#include "protocol/result_shaping.hpp"
#include "session/dispatcher.hpp"
#include "session/request_context.hpp"

namespace conhub::mcp::detail {

using nlohmann::json;
using Origin = Completion::Origin;

namespace {

constexpr auto kCloseGrace = std::chrono::seconds(5);

bool is_audited(const std::string& method) {
  return method == "tools/call" || method == "resources/read" || method == "prompts/get";
}

const CacheHint* cache_hint_for(const std::string& method, const ServerOptions& options, CacheHint& storage) {
  if (method == "tools/list" || method == "resources/list" || method == "resources/templates/list" ||
      method == "prompts/list") {
    storage = {options.list_ttl, "private"};
    return &storage;
  }
  if (method == "resources/read") {
    storage = {std::chrono::milliseconds(0), "private"};
    return &storage;
  }
  if (method == "server/discover") {
    storage = {options.list_ttl, "public"};
    return &storage;
  }
  return nullptr;
}

std::string first_text(const json& result) {
  if (!result.is_object() || !result.contains("content") || !result["content"].is_array()) return {};
  for (const auto& block : result["content"])
    if (block.value("type", "") == "text") return block.value("text", "");
  return {};
}

}  // namespace

SessionImpl::SessionImpl(ServerCore& core, MessageSink sink, SessionOptions options)
    : core_(core), sink_(std::move(sink)), options_(std::move(options)) {}

void SessionImpl::send(std::string message) {
  if (message.empty() || closed_.load()) return;
  sink_(std::move(message));
}

void SessionImpl::send_to(const std::function<void(std::string)>& out, std::string message) {
  if (message.empty() || closed_.load()) return;
  out(std::move(message));
}

void SessionImpl::send_notification(const std::string& method, const json& params) {
  send(encode_notification(method, params));
}

void SessionImpl::reject(const Error& error) { send(encode_error(nullptr, error)); }

std::size_t SessionImpl::in_flight() const {
  std::lock_guard lock(mutex_);
  return in_flight_.size();
}

Exchange SessionImpl::sink_exchange() {
  // Captures a raw pointer: the plain receive() runs while its caller holds the session.
  return Exchange{[this](std::string message) { send(std::move(message)); },
                  [this](Completion completion) { send(std::move(completion.message)); }, {}};
}

void SessionImpl::receive(std::string_view text, Exchange exchange, bool here) {
  if (closed_.load()) {
    exchange.complete({});
    return;
  }
  auto parsed = parse_json(text);
  if (auto* failure = std::get_if<DecodeFailure>(&parsed)) {
    exchange.complete({encode_error(nullptr, failure->error), nullptr, static_cast<int>(failure->error.code),
                       Origin::kEnvelope});
    return;
  }
  const json& value = std::get<json>(parsed);
  if (value.is_array()) {
    handle_batch(value, exchange);
    return;
  }
  handle_value(value, exchange, exchange.complete, here);
}

bool SessionImpl::drain(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return idle_cv_.wait_for(lock, timeout, [this] { return in_flight_.empty(); });
}

void SessionImpl::handle_value(const json& value, const Exchange& exchange, const Responder& respond, bool here) {
  auto decoded = decode_message(value);
  if (auto* failure = std::get_if<DecodeFailure>(&decoded)) {
    respond({encode_error(failure->id, failure->error), failure->id, static_cast<int>(failure->error.code),
             Origin::kEnvelope});
    return;
  }
  Message& message = std::get<Message>(decoded);
  switch (message.kind) {
    case Message::Kind::kRequest: handle_request(std::move(message), exchange, respond, here); return;
    case Message::Kind::kNotification: handle_notification(message); break;
    case Message::Kind::kResponse: handle_response(message); break;
  }
  respond({});
}

void SessionImpl::handle_batch(const json& batch, const Exchange& exchange) {
  Revision revision;
  bool initialized;
  {
    std::lock_guard lock(mutex_);
    revision = revision_;
    initialized = initialized_;
  }
  auto refuse = [&](const std::string& why) {
    Error error = Error::invalid_request(why);
    exchange.complete({encode_error(nullptr, error), nullptr, static_cast<int>(error.code), Origin::kEnvelope});
  };
  if (!initialized || !allows_batches(revision)) {
    refuse("Invalid Request: JSON-RPC batches are accepted only on protocol revision 2025-03-26" +
           (initialized ? "; this session uses " + revision_name(revision) : std::string()));
    return;
  }
  if (batch.empty()) {
    refuse("Invalid Request: empty batch");
    return;
  }
  // Collect every reply of the batch and complete once with one array (or nothing, when
  // the batch held only notifications and responses).
  struct Collector {
    std::mutex mutex;
    std::vector<std::string> replies;  // guarded by mutex
    std::size_t remaining = 0;         // guarded by mutex
  };
  auto collector = std::make_shared<Collector>();
  collector->remaining = batch.size();
  auto deliver = [collector, complete = exchange.complete](Completion reply) {
    std::string out;
    {
      std::lock_guard lock(collector->mutex);
      if (!reply.message.empty()) collector->replies.push_back(std::move(reply.message));
      if (--collector->remaining != 0) return;
      if (!collector->replies.empty()) {
        out = "[";
        for (std::size_t i = 0; i < collector->replies.size(); ++i) out += (i ? "," : "") + collector->replies[i];
        out += "]";
      }
    }
    complete({std::move(out)});
  };
  for (const auto& item : batch) {
    auto decoded = decode_message(item);
    auto* message = std::get_if<Message>(&decoded);
    if (message && message->kind == Message::Kind::kRequest && message->method == "initialize") {
      deliver({encode_error(message->id, Error::invalid_request("initialize must not be part of a batch"))});
      continue;
    }
    handle_value(item, exchange, deliver, false);
  }
}

void SessionImpl::handle_notification(const Message& message) {
  if (message.method == "notifications/cancelled") {
    if (!message.params.is_object() || !message.params.contains("requestId")) return;
    const std::string key = id_text(message.params["requestId"]);
    std::shared_ptr<RequestScope> scope;
    std::function<void(Completion)> end_listen;
    {
      std::lock_guard lock(mutex_);
      if (auto it = in_flight_.find(key); it != in_flight_.end()) scope = it->second;
      if (auto it = listeners_.find(key); it != listeners_.end()) {
        end_listen = std::move(it->second.respond);
        listeners_.erase(it);
      }
    }
    if (end_listen) end_listen({});
    if (scope) {
      spdlog::debug("request {} cancelled by the client: {}", key, message.params.value("reason", ""));
      scope->cancel();
    }
    return;
  }
  // notifications/initialized, roots/list_changed, progress: nothing to do yet.
  spdlog::debug("notification {}", message.method);
}

std::optional<Error> SessionImpl::prepare(RequestScope& scope) {
  scope.principal_ = options_.principal;
  if (auto meta = scope.params.find("_meta"); meta != scope.params.end() && meta->is_object()) scope.meta_ = *meta;
  if (auto token = scope.meta_.find("progressToken"); token != scope.meta_.end()) scope.progress_token_ = *token;

  if (auto version = scope.meta_.find(kMetaProtocolVersion); version != scope.meta_.end()) {
    auto revision = version->is_string() ? parse_revision(version->get<std::string>()) : std::nullopt;
    if (!revision || !is_stateless(*revision)) {
      return Error{ErrorCode::kUnsupportedProtocolVersion, "Unsupported protocol version",
                   json{{"supported", supported_revision_names()}, {"requested", *version}}};
    }
    scope.revision = *revision;
    if (auto info = scope.meta_.find(kMetaClientInfo); info != scope.meta_.end())
      scope.client_info_ = std::make_shared<const json>(*info);
    // 2026-07-28 RequestMetaObject: clientCapabilities is required ({} for none).
    auto caps = scope.meta_.find(kMetaClientCapabilities);
    if (caps == scope.meta_.end() || !caps->is_object())
      return Error::invalid_params(std::string("_meta[\"") + kMetaClientCapabilities +
                                   "\"] is required on protocol revision 2026-07-28 (an object; {} for none)");
    scope.client_capabilities_ = std::make_shared<const json>(*caps);
    if (auto level = scope.meta_.find(kMetaLogLevel); level != scope.meta_.end()) {
      scope.log_level = level->is_string() ? parse_log_level(level->get<std::string>()) : std::nullopt;
      if (!scope.log_level) return Error::invalid_params("_meta logLevel must be one of the MCP logging levels");
    }
    return std::nullopt;
  }

  if (options_.stateless)
    return Error::invalid_params(std::string("_meta[\"") + kMetaProtocolVersion +
                                 "\"] is required: this endpoint speaks protocol revision 2026-07-28, where every "
                                 "request carries its protocol version and client capabilities in _meta");
  std::lock_guard lock(mutex_);
  if (!initialized_ && scope.method == "server/discover") {
    scope.revision = kLatest;  // a discovery probe without _meta still gets an answer
    return std::nullopt;
  }
  // 2025-11-25 basic/utilities/ping: ping is allowed at any time.
  if (!initialized_ && scope.method != "ping") {
    return Error::invalid_request("Session not initialized: send initialize first, or send protocol revision "
                                  "2026-07-28 requests with _meta[\"" + std::string(kMetaProtocolVersion) + "\"]");
  }
  scope.revision = revision_;
  scope.client_info_ = client_info_;              // shared, not copied
  scope.client_capabilities_ = client_capabilities_;
  scope.log_level = log_level_.value_or(LogLevel::kInfo);
  return std::nullopt;
}

void SessionImpl::handle_request(Message message, const Exchange& exchange, Responder respond, bool here) {
  auto scope = std::make_shared<RequestScope>(shared_from_this(), core_);
  scope->id = message.id;
  scope->method = std::move(message.method);
  scope->respond = std::move(respond);
  scope->interim = exchange.interim;
  if (message.params.is_array()) {
    scope->fail(Error::invalid_params("params must be an object"), Origin::kEnvelope);
    return;
  }
  scope->params = message.params.is_object() ? std::move(message.params) : json::object();

  if (scope->method == "initialize" && !options_.stateless) {
    // initialize is the one request that changes session state before any route runs.
    const json& requested = scope->params.contains("protocolVersion") ? scope->params["protocolVersion"] : json();
    if (!requested.is_string()) {
      scope->fail(Error::invalid_params("initialize needs a string \"protocolVersion\""), Origin::kEnvelope);
      return;
    }
    {
      std::lock_guard lock(mutex_);
      if (initialized_) {
        scope->fail(Error::invalid_request("Session already initialized"), Origin::kEnvelope);
        return;
      }
    }
    Revision revision = negotiate_stateful(requested.get<std::string>());
    complete_handshake({revision, scope->params.value("clientInfo", json::object()),
                        scope->params.value("capabilities", json::object())});
    json result{{"protocolVersion", revision_name(revision)},
                {"capabilities", capabilities_for(revision)},
                {"serverInfo", implementation_for(revision, core_.info())}};
    if (!core_.info().instructions.empty()) result["instructions"] = core_.info().instructions;
    spdlog::info("session initialized: protocol {} client {}", revision_name(revision),
                 scope->params.value("clientInfo", json::object()).value("name", "unknown"));
    scope->respond({encode_result(scope->id, result), scope->id});
    return;
  }

  if (auto error = prepare(*scope)) {
    scope->fail(*error, Origin::kEnvelope);
    return;
  }
  const Route* route = find_route(scope->method);
  if (!route || !(is_stateless(scope->revision) ? route->stateless : route->stateful)) {
    Error error = Error::method_not_found(scope->method);
    if (route) error.message += " (not part of protocol revision " + revision_name(scope->revision) + ")";
    scope->fail(error, Origin::kEnvelope);
    return;
  }
  scope->link_stop(exchange.stop);
  if (!route->on_pool) {
    run(scope, route);
    return;
  }
  const std::string key = id_text(scope->id);
  {
    std::lock_guard lock(mutex_);
    if (!in_flight_.emplace(key, scope).second) {
      scope->fail(Error::invalid_request("Invalid Request: id " + key + " is already used by a request in flight"),
                  Origin::kEnvelope);
      return;
    }
  }
  if (here) {
    run(scope, route);
    return;
  }
  auto self = shared_from_this();
  if (!core_.pool().submit([self, scope, route] { self->run(scope, route); })) {
    {
      std::lock_guard lock(mutex_);
      in_flight_.erase(key);
    }
    idle_cv_.notify_all();
    scope->fail(Error::internal("Server busy: too many requests queued; retry later"), Origin::kOverload);
  }
}

void SessionImpl::run(const std::shared_ptr<RequestScope>& scope, const Route* route) {
  const auto started = std::chrono::steady_clock::now();
  Reply reply;
  try {
    reply = route->handle(*scope);
  } catch (const InputRequiredSignal&) {
    reply = Reply::failure(Error::internal("ask() is only available in tools/call, prompts/get and resources/read"));
  } catch (const ProtocolErrorSignal& signal) {
    reply = Reply::failure(signal.error);
  } catch (const std::exception& e) {
    spdlog::error("{} failed on request {}: {}", scope->method, scope->id.dump(), e.what());
    reply = Reply::failure(Error::internal("Internal error"));
  }
  // Outcome for the call observer, taken before finish() moves the reply away.
  const bool observed = core_.options().on_call && is_audited(scope->method) && !reply.deferred;
  const bool call_ok = !reply.error && !(reply.result.is_object() && reply.result.value("isError", false));
  std::string call_error;
  if (observed && !call_ok) call_error = reply.error ? reply.error->message : first_text(reply.result);
  if (!reply.deferred) finish(*scope, std::move(reply.result), std::move(reply.error));

  if (route->on_pool) {
    {
      std::lock_guard lock(mutex_);
      in_flight_.erase(id_text(scope->id));
    }
    idle_cv_.notify_all();
  }
  if (observed) {
    CallRecord record;
    record.method = scope->method;
    // params can be malformed here (e.g. name: 123, answered with -32602): never throw.
    const auto name_it = scope->params.find(scope->method == "resources/read" ? "uri" : "name");
    if (name_it != scope->params.end() && name_it->is_string()) record.name = name_it->get<std::string>();
    record.principal = scope->principal();
    const json& info = scope->client_info();
    if (info.is_object()) {
      if (auto n = info.find("name"); n != info.end() && n->is_string()) record.client = n->get<std::string>();
      if (auto v = info.find("version"); v != info.end() && v->is_string()) record.client += "/" + v->get<std::string>();
    }
    // The request is answered: its arguments can move into the record instead of being copied.
    const auto args_it = scope->params.find("arguments");
    record.arguments = args_it != scope->params.end() ? std::move(*args_it) : json::object();
    record.duration = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    record.ok = call_ok;
    record.error_text = std::move(call_error);
    try {
      core_.options().on_call(std::move(record));
    } catch (const std::exception& e) {
      spdlog::error("call observer failed: {}", e.what());
    }
  }
}

void SessionImpl::finish(RequestScope& scope, json result, std::optional<Error> error) {
  // 2025-11-25 basic/utilities/cancellation: no response for a cancelled request.
  if (scope.cancelled()) {
    scope.respond({std::string(), scope.id});
    return;
  }
  if (error) {
    // 2026-07-28 reports an unknown resource as invalid params (SEP-2164), keeping data.uri.
    if (is_stateless(scope.revision) && error->code == ErrorCode::kResourceNotFound) error->code = ErrorCode::kInvalidParams;
    scope.fail(*error, Origin::kHandler);
    return;
  }
  CacheHint storage;
  finish_result(scope.revision, result, core_.info(), cache_hint_for(scope.method, core_.options(), storage));
  scope.respond({encode_result(scope.id, std::move(result)), scope.id});
}

void SessionImpl::complete_handshake(Handshake handshake) {
  std::lock_guard lock(mutex_);
  initialized_ = true;
  revision_ = handshake.revision;
  client_info_ = std::make_shared<const json>(std::move(handshake.client_info));
  client_capabilities_ = std::make_shared<const json>(
      handshake.client_capabilities.is_object() ? std::move(handshake.client_capabilities) : json::object());
}

void SessionImpl::set_log_level(LogLevel level) {
  std::lock_guard lock(mutex_);
  log_level_ = level;
}

void SessionImpl::close() {
  std::vector<std::shared_ptr<RequestScope>> running;
  std::vector<std::shared_ptr<Pending>> waiting;
  std::vector<std::function<void(Completion)>> ended_listens;
  // Leave the core's fan-out list now rather than when the core next purges it: a weak_ptr
  // left behind keeps the session's memory (make_shared) allocated.
  core_.detach(this);
  {
    std::lock_guard lock(mutex_);
    closed_.store(true);
    for (auto& [key, scope] : in_flight_) running.push_back(scope);
    for (auto& [key, pending] : pending_) waiting.push_back(pending);
    for (auto& [key, listener] : listeners_) ended_listens.push_back(std::move(listener.respond));
    listeners_.clear();
  }
  for (auto& respond : ended_listens) respond({});
  for (auto& scope : running) scope->cancel();
  for (auto& pending : waiting) {
    {
      std::lock_guard lock(pending->mutex);
      pending->error = Error::internal("the client disconnected");
      pending->done = true;
    }
    pending->done_cv.notify_all();
  }
  std::unique_lock lock(mutex_);
  if (!idle_cv_.wait_for(lock, kCloseGrace, [this] { return in_flight_.empty(); })) {
    spdlog::warn("{} handler(s) still running {} s after the client left", in_flight_.size(), kCloseGrace.count());
  }
}

}  // namespace conhub::mcp::detail
