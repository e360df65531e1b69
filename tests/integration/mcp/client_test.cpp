// Client against real child processes: the conformance everything_server (tools with
// progress, slow tools, sampling) and small shell scripts that misbehave on purpose.
#include <conhub/mcp/client.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

extern char** environ;

namespace mcp = conhub::mcp;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> parent_env() {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) env.emplace_back(*e);
  return env;
}

mcp::ClientOptions everything(std::vector<std::string> argv = {CONHUB_EVERYTHING_SERVER, "--stdio"}) {
  mcp::ClientOptions options;
  options.argv = std::move(argv);
  options.env = parent_env();
  options.initialize_timeout = 5000ms;
  return options;
}

std::unique_ptr<mcp::Client> start_ok(mcp::ClientOptions options) {
  auto client = mcp::Client::start(std::move(options));
  EXPECT_TRUE(client.ok()) << (client ? "" : client.error().message);
  return client ? std::move(*client) : nullptr;
}

std::string text_of(const json& result) { return result.at("content").at(0).value("text", ""); }

}  // namespace

TEST(Client, InitializesListsAndCallsTools) {
  auto client = start_ok(everything());
  ASSERT_TRUE(client);
  EXPECT_EQ(client->server_initialize_result()["serverInfo"]["name"], "conhub-everything-server");
  auto tools = client->request("tools/list");
  ASSERT_TRUE(tools.ok());
  EXPECT_GT(tools->at("tools").size(), 5U);
  auto call = client->request("tools/call", {{"name", "test_simple_text"}, {"arguments", json::object()}});
  ASSERT_TRUE(call.ok()) << call.error().message;
  EXPECT_FALSE(text_of(*call).empty());
}

TEST(Client, UnknownMethodReturnsTheChildsError) {
  auto client = start_ok(everything());
  ASSERT_TRUE(client);
  auto reply = client->request("no/such/method");
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, mcp::ErrorCode::kMethodNotFound);
}

TEST(Client, DeliversProgressForItsRequest) {
  auto client = start_ok(everything());
  ASSERT_TRUE(client);
  std::atomic<int> seen{0};
  auto call = client->request("tools/call", {{"name", "test_tool_with_progress"}, {"arguments", json::object()}},
                              {.on_progress = [&](const json& params) {
                                EXPECT_TRUE(params.contains("progress"));
                                ++seen;
                              }});
  ASSERT_TRUE(call.ok()) << call.error().message;
  EXPECT_GE(seen.load(), 3);
}

TEST(Client, CancelsWhenTheStopTokenFires) {
  auto client = start_ok(everything());
  ASSERT_TRUE(client);
  std::stop_source stop;
  std::thread canceller([&] {
    std::this_thread::sleep_for(300ms);
    stop.request_stop();
  });
  const auto started = std::chrono::steady_clock::now();
  auto call = client->request("tools/call", {{"name", "test_slow_tool"}, {"arguments", {{"duration_ms", 20000}}}},
                              {.stop = stop.get_token()});
  canceller.join();
  ASSERT_FALSE(call.ok());
  EXPECT_NE(call.error().message.find("cancelled"), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  EXPECT_TRUE(client->request("ping").ok());  // the session carries on
}

TEST(Client, TimesOutARequest) {
  auto client = start_ok(everything());
  ASSERT_TRUE(client);
  auto call = client->request("tools/call", {{"name", "test_slow_tool"}, {"arguments", {{"duration_ms", 5000}}}},
                              {.timeout = 200ms});
  ASSERT_FALSE(call.ok());
  EXPECT_NE(call.error().message.find("no answer within 200 ms"), std::string::npos);
}

TEST(Client, AnswersTheChildsSamplingRequest) {
  auto options = everything();
  options.capabilities = {{"sampling", json::object()}};
  options.on_request = [](const std::string& method, const json& params) -> mcp::Result<json> {
    if (method != "sampling/createMessage") return mcp::Error::method_not_found(method);
    EXPECT_TRUE(params.contains("messages"));
    return json{{"role", "assistant"}, {"model", "test"}, {"content", {{"type", "text"}, {"text", "forty-two"}}}};
  };
  auto client = start_ok(std::move(options));
  ASSERT_TRUE(client);
  auto call = client->request("tools/call", {{"name", "test_sampling"}, {"arguments", {{"prompt", "?"}}}});
  ASSERT_TRUE(call.ok()) << call.error().message;
  EXPECT_NE(text_of(*call).find("forty-two"), std::string::npos);
}

TEST(Client, ChildThatNeverAnswersInitializeFailsClearly) {
  auto options = everything({"sh", "-c", "exec sleep 30"});
  options.initialize_timeout = 300ms;
  const auto started = std::chrono::steady_clock::now();
  auto client = mcp::Client::start(std::move(options));
  ASSERT_FALSE(client.ok());
  EXPECT_NE(client.error().message.find("did not answer initialize within 300 ms"), std::string::npos)
      << client.error().message;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

TEST(Client, ChildThatExitsBeforeInitializeFailsClearly) {
  auto client = mcp::Client::start(everything({"sh", "-c", "exit 3"}));
  ASSERT_FALSE(client.ok());
  EXPECT_NE(client.error().message.find("exited before answering initialize"), std::string::npos)
      << client.error().message;
}

TEST(Client, ProgramThatDoesNotExistFailsClearly) {
  auto client = mcp::Client::start(everything({"/nonexistent/conhub-no-such-server"}));
  ASSERT_FALSE(client.ok());
  EXPECT_NE(client.error().message.find("cannot start"), std::string::npos) << client.error().message;
}

TEST(Client, SkipsGarbageOnStdout) {
  std::mutex mutex;
  std::vector<std::string> garbage;
  auto options = everything({"sh", "-c",
                             std::string("echo 'this is not json'; echo '{\"half\":'; echo '[1,2]'; exec ") +
                                 CONHUB_EVERYTHING_SERVER + " --stdio"});
  options.on_garbage = [&](const std::string& line) {
    std::lock_guard lock(mutex);
    garbage.push_back(line);
  };
  auto client = start_ok(std::move(options));
  ASSERT_TRUE(client);
  EXPECT_TRUE(client->request("ping").ok());
  std::lock_guard lock(mutex);
  EXPECT_GE(garbage.size(), 2U);
}

TEST(Client, NoticesWhenTheChildDies) {
  std::promise<void> exited;
  auto options = everything();
  options.on_exit = [&] { exited.set_value(); };
  auto client = start_ok(std::move(options));
  ASSERT_TRUE(client);
  std::thread killer([pid = client->pid()] {
    std::this_thread::sleep_for(200ms);
    ::kill(pid, SIGKILL);
  });
  auto call = client->request("tools/call", {{"name", "test_slow_tool"}, {"arguments", {{"duration_ms", 20000}}}});
  killer.join();
  ASSERT_FALSE(call.ok());
  EXPECT_NE(call.error().message.find("exited"), std::string::npos) << call.error().message;
  EXPECT_EQ(exited.get_future().wait_for(5s), std::future_status::ready);
  EXPECT_FALSE(client->running());
  EXPECT_FALSE(client->request("ping").ok());
}

TEST(Client, StartCanBeCancelledWhileTheChildIsSilent) {
  std::stop_source stop;
  auto options = everything({"sh", "-c", "exec sleep 30"});
  options.initialize_timeout = 30'000ms;
  options.stop = stop.get_token();
  std::thread canceller([&] {
    std::this_thread::sleep_for(200ms);
    stop.request_stop();
  });
  const auto started = std::chrono::steady_clock::now();
  auto client = mcp::Client::start(std::move(options));
  canceller.join();
  ASSERT_FALSE(client.ok());
  EXPECT_NE(client.error().message.find("cancelled"), std::string::npos) << client.error().message;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}
