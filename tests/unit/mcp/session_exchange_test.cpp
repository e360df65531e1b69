// Session::receive(message, Exchange): what one message causes reaches that message's
// exchange, `complete` runs exactly once with the metadata HTTP transports map to statuses,
// and the exchange's stop token cancels the request. Stateless sessions (2026-07-28 HTTP).
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "conhub/mcp/server.hpp"

using namespace conhub::mcp;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

/// Records what an Exchange receives.
struct Recorder {
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<std::string> interim;     // guarded by mutex
  std::vector<Completion> completions;  // guarded by mutex
  std::stop_source stop;

  Exchange exchange() {
    return Exchange{[this](std::string m) {
                      std::lock_guard lock(mutex);
                      interim.push_back(std::move(m));
                      cv.notify_all();
                    },
                    [this](Completion c) {
                      std::lock_guard lock(mutex);
                      completions.push_back(std::move(c));
                      cv.notify_all();
                    },
                    stop.get_token()};
  }
  bool wait_complete(std::chrono::milliseconds timeout = 5s) {
    std::unique_lock lock(mutex);
    return cv.wait_for(lock, timeout, [this] { return !completions.empty(); });
  }
  bool wait_interim(std::chrono::milliseconds timeout = 5s) {
    std::unique_lock lock(mutex);
    return cv.wait_for(lock, timeout, [this] { return !interim.empty(); });
  }
};

struct TestServer {
  Server server{{.name = "t", .version = "1"}};
  TestServer() {
    server.add_tool({.name = "progress", .description = "reports progress"}, [](const json&, Context& ctx) {
      ctx.progress(1, 2, "half");
      return ToolResult::text("done");
    });
    server.add_tool({.name = "wait", .description = "waits to be cancelled"}, [](const json&, Context& ctx) {
      for (int i = 0; i < 500 && !ctx.stop_token().stop_requested(); ++i) std::this_thread::sleep_for(10ms);
      return ToolResult::text(ctx.stop_token().stop_requested() ? "cancelled" : "timed out");
    });
  }
};

json initialize() {
  return {{"jsonrpc", "2.0"}, {"id", 0}, {"method", "initialize"},
          {"params", {{"protocolVersion", "2025-11-25"}, {"capabilities", json::object()}, {"clientInfo", {{"name", "t"}, {"version", "1"}}}}}};
}

json stateless(json request) {
  request["params"]["_meta"] = {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
                                {"io.modelcontextprotocol/clientCapabilities", json::object()}};
  return request;
}

}  // namespace

TEST(SessionExchange, ProgressGoesToTheRequestsExchangeNotTheSessionSink) {
  TestServer t;
  std::vector<std::string> sink;
  std::mutex sink_mutex;
  auto session = t.server.open_session([&](std::string m) {
    std::lock_guard lock(sink_mutex);
    sink.push_back(std::move(m));
  });
  session->receive(initialize().dump());
  Recorder call;
  session->receive(json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "tools/call"},
                        {"params", {{"name", "progress"}, {"_meta", {{"progressToken", "p"}}}}}}.dump(),
                   call.exchange());
  ASSERT_TRUE(call.wait_complete());
  std::lock_guard lock(call.mutex);
  ASSERT_EQ(call.interim.size(), 1u);
  EXPECT_EQ(json::parse(call.interim[0])["method"], "notifications/progress");
  ASSERT_EQ(call.completions.size(), 1u);
  EXPECT_EQ(call.completions[0].id, 1);
  EXPECT_EQ(json::parse(call.completions[0].message)["result"]["content"][0]["text"], "done");
  std::lock_guard sink_lock(sink_mutex);
  EXPECT_EQ(sink.size(), 1u);  // only the initialize reply of the plain receive()
}

TEST(SessionExchange, NotificationsCompleteWithNothingToSend) {
  TestServer t;
  auto session = t.server.open_session([](std::string) {});
  session->receive(initialize().dump());
  Recorder note;
  session->receive(R"({"jsonrpc":"2.0","method":"notifications/initialized"})", note.exchange());
  ASSERT_TRUE(note.wait_complete(0ms));
  EXPECT_TRUE(note.completions[0].message.empty());
}

TEST(SessionExchange, EnvelopeErrorsAreMarkedAsSuch) {
  TestServer t;
  auto session = t.server.open_session([](std::string) {});
  session->receive(initialize().dump());
  Recorder unknown;
  session->receive(R"({"jsonrpc":"2.0","id":5,"method":"no/such"})", unknown.exchange());
  ASSERT_TRUE(unknown.wait_complete(0ms));
  EXPECT_EQ(unknown.completions[0].origin, Completion::Origin::kEnvelope);
  EXPECT_EQ(unknown.completions[0].error_code, -32601);
  EXPECT_EQ(unknown.completions[0].id, 5);
  Recorder garbage;
  session->receive("{not json", garbage.exchange());
  ASSERT_TRUE(garbage.wait_complete(0ms));
  EXPECT_EQ(garbage.completions[0].error_code, -32700);
}

TEST(SessionExchange, StopTokenCancelsTheRequestAndCompletesWithoutAReply) {
  TestServer t;
  auto session = t.server.open_session([](std::string) {});
  session->receive(initialize().dump());
  Recorder call;
  session->receive(json{{"jsonrpc", "2.0"}, {"id", 2}, {"method", "tools/call"}, {"params", {{"name", "wait"}}}}.dump(),
                   call.exchange());
  std::this_thread::sleep_for(30ms);
  call.stop.request_stop();
  ASSERT_TRUE(call.wait_complete(2s));
  EXPECT_TRUE(call.completions[0].message.empty());  // a cancelled request is not answered
}

TEST(SessionExchange, BatchCompletesOnceWithAllReplies) {
  TestServer t;
  auto session = t.server.open_session([](std::string) {});
  json init = initialize();
  init["params"]["protocolVersion"] = "2025-03-26";
  session->receive(init.dump());
  Recorder batch;
  session->receive(R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/x"},)"
                   R"({"jsonrpc":"2.0","id":2,"method":"tools/list"}])",
                   batch.exchange());
  ASSERT_TRUE(batch.wait_complete());
  std::this_thread::sleep_for(20ms);
  std::lock_guard lock(batch.mutex);
  ASSERT_EQ(batch.completions.size(), 1u);
  EXPECT_EQ(json::parse(batch.completions[0].message).size(), 2u);
  Recorder only_notes;
  session->receive(R"([{"jsonrpc":"2.0","method":"notifications/x"}])", only_notes.exchange());
  ASSERT_TRUE(only_notes.wait_complete(0ms));
  EXPECT_TRUE(only_notes.completions[0].message.empty());
}

TEST(SessionExchange, StatelessSessionRefusesInitializeAndRequestsWithoutMeta) {
  TestServer t;
  auto session = t.server.open_session([](std::string) {}, {.stateless = true});
  Recorder init;
  session->receive(stateless(initialize()).dump(), init.exchange());
  ASSERT_TRUE(init.wait_complete(0ms));
  EXPECT_EQ(init.completions[0].error_code, -32601);
  EXPECT_EQ(init.completions[0].origin, Completion::Origin::kEnvelope);
  Recorder bare;
  session->receive(R"({"jsonrpc":"2.0","id":3,"method":"tools/list"})", bare.exchange());
  ASSERT_TRUE(bare.wait_complete(0ms));
  EXPECT_EQ(bare.completions[0].error_code, -32602);
  Recorder good;
  session->receive(stateless(json{{"jsonrpc", "2.0"}, {"id", 4}, {"method", "tools/list"}, {"params", json::object()}}).dump(),
                   good.exchange());
  ASSERT_TRUE(good.wait_complete());
  EXPECT_EQ(good.completions[0].error_code, 0);
  EXPECT_EQ(json::parse(good.completions[0].message)["result"]["tools"].size(), 2u);
}

TEST(SessionExchange, StatelessListenAcknowledgesThenEndsWhenClosed) {
  TestServer t;
  Recorder listen;
  auto exchange = listen.exchange();
  auto session = t.server.open_session(exchange.interim, {.stateless = true});
  session->receive(stateless(json{{"jsonrpc", "2.0"}, {"id", 9}, {"method", "subscriptions/listen"},
                                  {"params", {{"notifications", {{"toolsListChanged", true}}}}}})
                       .dump(),
                   exchange);
  ASSERT_TRUE(listen.wait_interim());
  {
    std::lock_guard lock(listen.mutex);
    EXPECT_EQ(json::parse(listen.interim[0])["method"], "notifications/subscriptions/acknowledged");
    EXPECT_TRUE(listen.completions.empty());  // a listen stays open
  }
  t.server.add_tool({.name = "later", .description = "added while listening"}, [](const json&, Context&) {
    return ToolResult::text("x");
  });
  {
    std::unique_lock lock(listen.mutex);
    ASSERT_TRUE(listen.cv.wait_for(lock, 2s, [&] { return listen.interim.size() >= 2; }));
    EXPECT_EQ(json::parse(listen.interim[1])["method"], "notifications/tools/list_changed");
  }
  session->close();
  ASSERT_TRUE(listen.wait_complete(0ms));
  EXPECT_TRUE(listen.completions[0].message.empty());
}
