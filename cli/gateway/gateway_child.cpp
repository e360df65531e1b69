// GatewayChild supervision: start, watch, restart with backoff, relay the child's questions.
#include "gateway/gateway_child.hpp"

#include <algorithm>
#include <chrono>

#include <spdlog/spdlog.h>

#include "version.hpp"

namespace conhub::cli {

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

constexpr auto kFirstBackoff = 1s;
constexpr auto kMaxBackoff = 30s;
constexpr auto kHealthyAfter = 30s;   // a child up this long restarts from the first backoff again
constexpr auto kPingEvery = 15s;      // a child that does not answer a ping in time is hung
constexpr auto kPingTimeout = 10s;

}  // namespace

GatewayChild::GatewayChild(ChildConfig config, std::vector<std::string> env, mcp::Server& server)
    : config_(std::move(config)), env_(std::move(env)), server_(server) {}

GatewayChild::~GatewayChild() {
  if (supervisor_.joinable()) {
    supervisor_.request_stop();
    wake_.notify_all();
    supervisor_.join();
  }
  std::shared_ptr<mcp::Client> client;
  {
    std::lock_guard lock(mutex_);
    client = std::move(client_);
  }
  if (client) client->stop();
  remove_all();
}

void GatewayChild::start() {
  supervisor_ = std::jthread([this](std::stop_token stop) { supervise(stop); });
}

void GatewayChild::wait_first_attempt(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, timeout, [&] { return attempted_; });
}

std::shared_ptr<mcp::Client> GatewayChild::current_client() const {
  std::lock_guard lock(mutex_);
  return client_;
}

std::string GatewayChild::unavailable_text() const {
  std::lock_guard lock(mutex_);
  // Between the child's exit and the supervisor noticing, state_ still says "running".
  const std::string state = state_ == "running" ? "it exited" : state_;
  std::string text = "The '" + config_.name + "' MCP server behind conhub-mcp is not running (" + state + ")";
  if (!last_error_.empty()) text += ": " + last_error_;
  return text + ". It is restarted automatically; try again shortly.";
}

json GatewayChild::status() const {
  std::lock_guard lock(mutex_);
  return {{"name", config_.name},
          {"state", state_},
          {"pid", client_ ? client_->pid() : 0},
          {"restarts", restarts_},
          {"tools", tool_count_},
          {"last_error", last_error_}};
}

void GatewayChild::supervise(std::stop_token stop) {
  auto backoff = std::chrono::duration_cast<std::chrono::milliseconds>(kFirstBackoff);
  const auto pause = [&](std::chrono::milliseconds how_long) {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, stop, how_long, [] { return false; });
  };
  while (!stop.stop_requested()) {
    {
      std::lock_guard lock(mutex_);
      state_ = restarts_ == 0 ? "starting" : "restarting";
      exited_ = false;
    }
    mcp::ClientOptions options;
    options.argv = config_.argv;
    options.env = env_;
    options.client_info = {{"name", "conhub-mcp-gateway"}, {"version", kVersion}};
    // No roots: a server such as server-filesystem would replace its configured
    // directories with the agent's roots, which the gateway cannot vouch for.
    options.capabilities = {{"sampling", json::object()}, {"elicitation", json::object()}};
    options.initialize_timeout = config_.initialize_timeout;
    options.stop = stop;  // shutting down does not wait for a silent child's timeout
    options.request_timeout = config_.request_timeout;
    const std::string name = config_.name;
    options.on_exit = [this] {
      {
        std::lock_guard lock(mutex_);
        exited_ = true;
      }
      wake_.notify_all();
    };
    options.on_garbage = [name](const std::string& line) {
      spdlog::warn("gateway server '{}' wrote a line that is not JSON-RPC to stdout (skipped): {}", name, line);
    };
    options.on_notification = [this, name](const std::string& method, const json& params) {
      if (method.size() > 13 && method.compare(method.size() - 13, 13, "/list_changed") == 0) {
        {
          std::lock_guard lock(mutex_);
          refresh_ = true;
        }
        wake_.notify_all();
      } else if (method == "notifications/resources/updated" && params.contains("uri") && params["uri"].is_string()) {
        server_.notify_resource_updated(params["uri"].get<std::string>());
      } else if (method == "notifications/message") {
        spdlog::info("gateway server '{}' log: {}", name, params.dump());
      }
    };
    options.on_request = [this](const std::string& method, const json& params) { return relay_to_agent(method, params); };

    auto started = mcp::Client::start(std::move(options));
    if (stop.stop_requested()) break;
    if (!started) {
      {
        std::lock_guard lock(mutex_);
        state_ = "failed";
        last_error_ = started.error().message;
        ++restarts_;
        attempted_ = true;
      }
      wake_.notify_all();
      spdlog::error("gateway server '{}': {}; retrying in {} ms", name, started.error().message, backoff.count());
      pause(backoff);
      backoff = std::min<std::chrono::milliseconds>(backoff * 2, kMaxBackoff);
      continue;
    }
    std::shared_ptr<mcp::Client> client(std::move(*started));
    const auto up_since = std::chrono::steady_clock::now();
    spdlog::info("gateway server '{}' running (pid {})", name, client->pid());
    {
      std::lock_guard lock(mutex_);
      client_ = client;
      state_ = "running";
      last_error_.clear();
    }
    refresh_features(*client);  // registers what changed, enables the rest again
    {
      std::lock_guard lock(mutex_);
      attempted_ = true;
    }
    wake_.notify_all();

    // Watch: exit, list_changed, or a periodic ping.
    for (;;) {
      bool exited = false;
      bool refresh = false;
      {
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, stop, kPingEvery, [&] { return exited_ || refresh_; });
        exited = exited_;
        refresh = refresh_;
        refresh_ = false;
      }
      if (stop.stop_requested() || exited) break;
      if (refresh) {
        refresh_features(*client);
        continue;
      }
      if (auto pong = client->request("ping", json::object(), {.timeout = kPingTimeout}); !pong) {
        spdlog::error("gateway server '{}' did not answer a ping ({}); restarting it", name, pong.error().message);
        {
          std::lock_guard lock(mutex_);
          last_error_ = "did not answer a ping";
        }
        client->stop();
        break;
      }
    }
    if (stop.stop_requested()) break;
    set_enabled(false);  // list_changed: its tools are gone until it is back
    {
      std::lock_guard lock(mutex_);
      client_.reset();
      state_ = "restarting";
      if (last_error_.empty()) last_error_ = "the process exited";
      ++restarts_;
    }
    client->stop();
    client.reset();
    if (std::chrono::steady_clock::now() - up_since > kHealthyAfter) backoff = kFirstBackoff;
    spdlog::warn("gateway server '{}' exited; restarting in {} ms", name, backoff.count());
    pause(backoff);
    backoff = std::min<std::chrono::milliseconds>(backoff * 2, kMaxBackoff);
  }
}

void GatewayChild::set_enabled(bool enabled) {
  std::lock_guard lock(mutex_);
  for (auto& [key, feature] : registrations_) {
    if (enabled) feature.registration.enable();
    else feature.registration.disable();
  }
}

void GatewayChild::remove_all() {
  std::lock_guard lock(mutex_);
  for (auto& [key, feature] : registrations_) feature.registration.remove();
  registrations_.clear();
  tool_count_ = 0;
}

}  // namespace conhub::cli
