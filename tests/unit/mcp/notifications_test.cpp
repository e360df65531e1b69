// Progress, logging, list_changed, resource subscriptions and 2026-07-28 listen streams.
#include <optional>

#include <gtest/gtest.h>

#include "conhub/mcp/server.hpp"
#include "support/memory_client.hpp"

namespace conhub::mcp {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

struct NotifyingServer : Server {
  NotifyingServer() : Server({.name = "t", .version = "1"}) {
    add_tool({.name = "work"}, [](const json&, Context& ctx) {
      for (int i = 1; i <= 3; ++i) ctx.progress(i, 3, "step " + std::to_string(i));
      ctx.log(LogLevel::kDebug, "debug detail");
      ctx.log(LogLevel::kWarning, json{{"note", "careful"}}, "worker");
      return ToolResult::text("done");
    });
    add_resource({.uri = "test://watched", .name = "watched", .mime_type = "text/plain"},
                 [](const std::string& uri, Context&) -> Result<ResourceContents> {
                   return ResourceContents{ResourceContent::of_text(uri, "v")};
                 });
  }
};

TEST(Progress, NotificationsCarryTheTokenAndIncrease) {
  NotifyingServer server;
  test::MemoryClient client(server);
  client.initialize();
  client.send({{"jsonrpc", "2.0"}, {"id", 1}, {"method", "tools/call"},
               {"params", {{"name", "work"}, {"_meta", {{"progressToken", "tok"}}}}}});
  double last = 0;
  for (int i = 1; i <= 3; ++i) {
    auto n = client.notification("notifications/progress");
    ASSERT_TRUE(n);
    EXPECT_EQ((*n)["params"]["progressToken"], "tok");
    EXPECT_GT((*n)["params"]["progress"].get<double>(), last);
    last = (*n)["params"]["progress"];
    EXPECT_EQ((*n)["params"]["total"], 3);
  }
  EXPECT_TRUE(client.response(1));
}

TEST(Progress, NoTokenNoNotifications) {
  NotifyingServer server;
  test::MemoryClient client(server);
  client.initialize();
  client.request("tools/call", {{"name", "work"}});
  EXPECT_FALSE(client.notification("notifications/progress", 100ms));
}

TEST(Progress, MessageFieldOnlyFrom20250326) {
  NotifyingServer server;
  test::MemoryClient client(server);
  client.initialize("2024-11-05");
  client.request("tools/call", {{"name", "work"}, {"_meta", {{"progressToken", 9}}}});
  auto n = client.notification("notifications/progress");
  ASSERT_TRUE(n);
  EXPECT_FALSE((*n)["params"].contains("message"));
  EXPECT_EQ((*n)["params"]["progressToken"], 9);
}

TEST(Logging, SetLevelFiltersMessages) {
  NotifyingServer server;
  test::MemoryClient client(server);
  client.initialize();
  EXPECT_TRUE(client.request("logging/setLevel", {{"level", "debug"}}).contains("result"));
  client.request("tools/call", {{"name", "work"}});
  auto first = client.notification("notifications/message");
  ASSERT_TRUE(first);
  EXPECT_EQ((*first)["params"]["level"], "debug");
  auto second = client.notification("notifications/message");
  ASSERT_TRUE(second);
  EXPECT_EQ((*second)["params"]["logger"], "worker");

  EXPECT_TRUE(client.request("logging/setLevel", {{"level", "error"}}).contains("result"));
  client.request("tools/call", {{"name", "work"}});
  EXPECT_FALSE(client.notification("notifications/message", 100ms));
  EXPECT_EQ(client.request("logging/setLevel", {{"level", "loud"}})["error"]["code"], -32602);
}

TEST(Logging, StatelessRequestsLogOnlyWhenTheyAsk) {
  NotifyingServer server;
  test::MemoryClient client(server);
  client.request("tools/call", {{"_meta", test::stateless_meta()}, {"name", "work"}});
  EXPECT_FALSE(client.notification("notifications/message", 100ms));
  json meta = test::stateless_meta();
  meta["io.modelcontextprotocol/logLevel"] = "warning";
  client.request("tools/call", {{"_meta", meta}, {"name", "work"}});
  auto n = client.notification("notifications/message");
  ASSERT_TRUE(n);
  EXPECT_EQ((*n)["params"]["level"], "warning");
  EXPECT_FALSE(client.notification("notifications/message", 100ms));
}

TEST(ListChanged, AddingAToolNotifiesInitializedSessions) {
  NotifyingServer server;
  test::MemoryClient client(server);
  client.initialize();
  server.add_tool({.name = "late"}, [](const json&, Context&) { return ToolResult::text(""); });
  EXPECT_TRUE(client.notification("notifications/tools/list_changed"));
}

TEST(Subscriptions, UpdatedReachesOnlySubscribers) {
  NotifyingServer server;
  test::MemoryClient subscriber(server);
  test::MemoryClient bystander(server);
  subscriber.initialize();
  bystander.initialize();
  EXPECT_TRUE(subscriber.request("resources/subscribe", {{"uri", "test://watched"}}).contains("result"));
  server.notify_resource_updated("test://watched");
  auto n = subscriber.notification("notifications/resources/updated");
  ASSERT_TRUE(n);
  EXPECT_EQ((*n)["params"]["uri"], "test://watched");
  EXPECT_FALSE(bystander.notification("notifications/resources/updated", 100ms));

  subscriber.request("resources/unsubscribe", {{"uri", "test://watched"}});
  server.notify_resource_updated("test://watched");
  EXPECT_FALSE(subscriber.notification("notifications/resources/updated", 100ms));
}

TEST(Subscriptions, ResourceUpdatesSeesWhatClientsWatchAcrossSessions) {
  std::optional<ResourceUpdates> updates;
  {
    NotifyingServer server;
    updates = server.resource_updates();
    EXPECT_TRUE(updates->subscribed().empty());
    test::MemoryClient a(server);
    a.initialize();
    {
      test::MemoryClient b(server);
      b.initialize();
      a.request("resources/subscribe", {{"uri", "test://watched"}});
      b.request("resources/subscribe", {{"uri", "test://watched"}});
      b.request("resources/subscribe", {{"uri", "file:///b.txt"}});
      EXPECT_EQ(updates->subscribed(), (std::vector<std::string>{"file:///b.txt", "test://watched"}));
      updates->updated("test://watched");  // from any thread, like a file watcher
      EXPECT_TRUE(a.notification("notifications/resources/updated"));
      EXPECT_TRUE(b.notification("notifications/resources/updated"));
    }
    EXPECT_EQ(updates->subscribed(), (std::vector<std::string>{"test://watched"})) << "a closed session watches nothing";
    a.request("resources/unsubscribe", {{"uri", "test://watched"}});
    EXPECT_TRUE(updates->subscribed().empty());

    test::MemoryClient listener(server);  // a 2026-07-28 listen stream counts too
    listener.send({{"jsonrpc", "2.0"}, {"id", "l"}, {"method", "subscriptions/listen"},
                   {"params", {{"_meta", test::stateless_meta()}, {"notifications", {{"resourceSubscriptions", {"x://y"}}}}}}});
    ASSERT_TRUE(listener.notification("notifications/subscriptions/acknowledged"));
    EXPECT_EQ(updates->subscribed(), (std::vector<std::string>{"x://y"}));
  }
  EXPECT_TRUE(updates->subscribed().empty()) << "the handle outlives the server harmlessly";
  updates->updated("test://watched");
}

TEST(Subscriptions, StatelessListenStreamIsAcknowledgedAndTagged) {
  NotifyingServer server;
  test::MemoryClient client(server);
  client.send({{"jsonrpc", "2.0"}, {"id", "listen-1"}, {"method", "subscriptions/listen"},
               {"params", {{"_meta", test::stateless_meta()},
                           {"notifications", {{"toolsListChanged", true}, {"resourceSubscriptions", {"test://watched"}}}}}}});
  auto ack = client.notification("notifications/subscriptions/acknowledged");
  ASSERT_TRUE(ack);
  EXPECT_EQ((*ack)["params"]["_meta"]["io.modelcontextprotocol/subscriptionId"], "listen-1");

  server.add_tool({.name = "late"}, [](const json&, Context&) { return ToolResult::text(""); });
  auto changed = client.notification("notifications/tools/list_changed");
  ASSERT_TRUE(changed);
  EXPECT_EQ((*changed)["params"]["_meta"]["io.modelcontextprotocol/subscriptionId"], "listen-1");

  server.notify_resource_updated("test://watched");
  auto updated = client.notification("notifications/resources/updated");
  ASSERT_TRUE(updated);
  EXPECT_EQ((*updated)["params"]["_meta"]["io.modelcontextprotocol/subscriptionId"], "listen-1");

  // Prompts were not asked for: nothing arrives for them.
  server.add_prompt({.name = "p"}, [](const PromptArgs&, Context&) -> Result<PromptResult> { return PromptResult{}; });
  EXPECT_FALSE(client.notification("notifications/prompts/list_changed", 100ms));

  // Cancelling the listen request ends the stream.
  client.send({{"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", {{"requestId", "listen-1"}}}});
  EXPECT_TRUE(client.request("tools/list", {{"_meta", test::stateless_meta()}}).contains("result"));
  server.add_tool({.name = "later"}, [](const json&, Context&) { return ToolResult::text(""); });
  EXPECT_FALSE(client.notification("notifications/tools/list_changed", 100ms));
  EXPECT_FALSE(client.response("listen-1", 50ms));
}

}  // namespace
}  // namespace conhub::mcp
