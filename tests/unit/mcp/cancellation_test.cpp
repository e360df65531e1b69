// Concurrency: slow handlers run on the pool, ping and other calls proceed, cancellation
// reaches the running handler and suppresses its response.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "conhub/mcp/server.hpp"
#include "session/worker_pool.hpp"
#include "support/memory_client.hpp"

namespace conhub::mcp {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

struct SlowServer : Server {
  std::atomic<bool> saw_stop{false};
  std::atomic<bool> started{false};
  SlowServer() : Server({.name = "t", .version = "1"}, {.worker_threads = 2}) {
    add_tool({.name = "slow"}, [this](const json&, Context& ctx) {
      started = true;
      // Waits for cancellation, bounded so a broken test cannot hang forever.
      for (int i = 0; i < 1000 && !ctx.cancelled(); ++i) std::this_thread::sleep_for(10ms);
      saw_stop = ctx.cancelled();
      return ToolResult::text("finished");
    });
    add_tool({.name = "fast"}, [](const json&, Context&) { return ToolResult::text("quick"); });
  }
};

void wait_until(const std::atomic<bool>& flag) {
  for (int i = 0; i < 500 && !flag; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(flag.load());
}

TEST(Cancellation, ReachesTheHandlerAndSuppressesTheResponse) {
  SlowServer server;
  test::MemoryClient client(server);
  client.initialize();
  client.send({{"jsonrpc", "2.0"}, {"id", "slow-1"}, {"method", "tools/call"}, {"params", {{"name", "slow"}}}});
  wait_until(server.started);

  // While the slow call runs, ping and another tool answer.
  EXPECT_TRUE(client.request("ping").contains("result"));
  EXPECT_EQ(client.request("tools/call", {{"name", "fast"}})["result"]["content"][0]["text"], "quick");

  client.send({{"jsonrpc", "2.0"}, {"method", "notifications/cancelled"},
               {"params", {{"requestId", "slow-1"}, {"reason", "user pressed stop"}}}});
  wait_until(server.saw_stop);
  // 2025-11-25: the receiver of a cancellation SHOULD NOT answer the cancelled request.
  EXPECT_FALSE(client.response("slow-1", 300ms).has_value());
  for (int i = 0; i < 100 && client.session().in_flight() > 0; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(client.session().in_flight(), 0u);
}

TEST(Cancellation, ClosingTheSessionCancelsInFlightCalls) {
  SlowServer server;
  auto client = std::make_unique<test::MemoryClient>(server);
  client->initialize();
  client->send({{"jsonrpc", "2.0"}, {"id", 1}, {"method", "tools/call"}, {"params", {{"name", "slow"}}}});
  wait_until(server.started);
  client.reset();  // closes the session: must cancel and wait for the handler
  EXPECT_TRUE(server.saw_stop.load());
}

TEST(Cancellation, UnknownRequestIdIsIgnored) {
  SlowServer server;
  test::MemoryClient client(server);
  client.initialize();
  client.send({{"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", {{"requestId", 12345}}}});
  EXPECT_TRUE(client.request("ping").contains("result"));
}

TEST(WorkerPool, RefusesWorkBeyondItsQueueBound) {
  detail::WorkerPool pool(1, 2);
  std::atomic<bool> running{false};
  std::atomic<bool> release{false};
  ASSERT_TRUE(pool.submit([&] {
    running = true;
    while (!release) std::this_thread::sleep_for(1ms);
  }));
  wait_until(running);  // the only worker is busy, the queue is empty
  EXPECT_TRUE(pool.submit([] {}));
  EXPECT_TRUE(pool.submit([] {}));
  EXPECT_FALSE(pool.submit([] {}));  // a third queued task exceeds the bound
  release = true;
  pool.stop();
}

TEST(Cancellation, BusyServerAnswersWithAnErrorInsteadOfQueueingForever) {
  Server server({.name = "t", .version = "1"}, {.worker_threads = 1, .max_queued_requests = 1});
  std::atomic<bool> release{false};
  server.add_tool({.name = "block"}, [&](const json&, Context&) {
    while (!release) std::this_thread::sleep_for(1ms);
    return ToolResult::text("ok");
  });
  test::MemoryClient client(server);
  client.initialize();
  for (int i = 0; i < 5; ++i)
    client.send({{"jsonrpc", "2.0"}, {"id", i}, {"method", "tools/call"}, {"params", {{"name", "block"}}}});
  auto busy = client.wait_for([](const json& m) { return m.contains("error"); });
  ASSERT_TRUE(busy);
  EXPECT_EQ((*busy)["error"]["code"], -32603);
  EXPECT_NE((*busy)["error"]["message"].get<std::string>().find("busy"), std::string::npos);
  release = true;
}

}  // namespace
}  // namespace conhub::mcp
