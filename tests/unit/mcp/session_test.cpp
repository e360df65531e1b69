// Dispatcher and lifecycle behaviour through an in-process session.
#include <gtest/gtest.h>

#include "conhub/mcp/server.hpp"
#include "support/memory_client.hpp"

namespace conhub::mcp {
namespace {

using nlohmann::json;
using test::MemoryClient;

// A server with one `echo` tool.
struct EchoServer : Server {
  EchoServer() : Server({.name = "t", .version = "1"}) {
    add_tool({.name = "echo", .input = Schema::object({{"text", Schema::string()}})},
             [](const json& args, Context&) { return ToolResult::text(args["text"]); });
  }
};

TEST(Session, RequestBeforeInitializeIsRefusedButPingWorks) {
  EchoServer server;
  MemoryClient client(server);
  auto list = client.request("tools/list");
  EXPECT_EQ(list["error"]["code"], -32600);
  EXPECT_NE(list["error"]["message"].get<std::string>().find("initialize"), std::string::npos);
  EXPECT_TRUE(client.request("ping").contains("result"));
}

TEST(Session, SecondInitializeIsRefused) {
  EchoServer server;
  MemoryClient client(server);
  client.initialize();
  auto again = client.request("initialize", {{"protocolVersion", "2025-11-25"}, {"capabilities", json::object()},
                                             {"clientInfo", {{"name", "x"}, {"version", "1"}}}});
  EXPECT_EQ(again["error"]["code"], -32600);
}

TEST(Session, InitializeWithoutVersionIsInvalidParams) {
  EchoServer server;
  MemoryClient client(server);
  EXPECT_EQ(client.request("initialize", json::object())["error"]["code"], -32602);
}

TEST(Session, UnknownMethodIsMethodNotFound) {
  EchoServer server;
  MemoryClient client(server);
  client.initialize();
  EXPECT_EQ(client.request("tools/frobnicate")["error"]["code"], -32601);
}

TEST(Session, MalformedJsonIsAnsweredAndTheSessionContinues) {
  EchoServer server;
  MemoryClient client(server);
  client.initialize();
  client.send_raw("{not json");
  auto error = client.next();
  ASSERT_TRUE(error);
  EXPECT_EQ((*error)["error"]["code"], -32700);
  EXPECT_TRUE((*error)["id"].is_null());
  auto call = client.request("tools/call", {{"name", "echo"}, {"arguments", {{"text", "still here"}}}});
  EXPECT_EQ(call["result"]["content"][0]["text"], "still here");
}

TEST(Session, WrongParamTypesAreInvalidParams) {
  EchoServer server;
  MemoryClient client(server);
  client.initialize();
  EXPECT_EQ(client.request("tools/call", {{"name", 5}})["error"]["code"], -32602);
  EXPECT_EQ(client.request("tools/call", {{"name", "echo"}, {"arguments", "x"}})["error"]["code"], -32602);
  EXPECT_EQ(client.request("tools/call", {{"name", "nope"}})["error"]["code"], -32602);
  client.send({{"jsonrpc", "2.0"}, {"id", 99}, {"method", "tools/list"}, {"params", {1, 2}}});
  EXPECT_EQ((*client.response(99))["error"]["code"], -32602);
}

TEST(Session, ToolArgumentsFailingTheSchemaBecomeToolErrors) {
  EchoServer server;
  MemoryClient client(server);
  client.initialize();
  auto call = client.request("tools/call", {{"name", "echo"}, {"arguments", {{"text", 3}}}});
  EXPECT_EQ(call["result"]["isError"], true);
  EXPECT_NE(call["result"]["content"][0]["text"].get<std::string>().find("'text' must be of type string"),
            std::string::npos);
}

TEST(Session, HandlerExceptionsBecomeToolErrorsWithoutInternals) {
  Server server({.name = "t", .version = "1"});
  server.add_tool({.name = "boom"}, [](const json&, Context&) -> ToolResult { throw std::runtime_error("secret detail"); });
  MemoryClient client(server);
  client.initialize();
  auto call = client.request("tools/call", {{"name", "boom"}});
  EXPECT_EQ(call["result"]["isError"], true);
  EXPECT_EQ(call["result"]["content"][0]["text"].get<std::string>().find("secret detail"), std::string::npos);
}

TEST(Session, BatchesAreAcceptedOnlyOn20250326) {
  {
    EchoServer server;
    MemoryClient client(server);
    client.initialize("2025-03-26");
    client.send(json::array({json{{"jsonrpc", "2.0"}, {"id", "a"}, {"method", "ping"}},
                             json{{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}},
                             json{{"jsonrpc", "2.0"}, {"id", "b"}, {"method", "tools/call"},
                                  {"params", {{"name", "echo"}, {"arguments", {{"text", "x"}}}}}}}));
    auto reply = client.next();
    ASSERT_TRUE(reply);
    ASSERT_TRUE(reply->is_array()) << reply->dump();
    ASSERT_EQ(reply->size(), 2u);
    std::set<std::string> ids;
    for (const auto& r : *reply) ids.insert(r["id"].get<std::string>());
    EXPECT_EQ(ids, (std::set<std::string>{"a", "b"}));
  }
  {
    EchoServer server;
    MemoryClient client(server);
    client.initialize("2025-11-25");
    client.send(json::array({json{{"jsonrpc", "2.0"}, {"id", "a"}, {"method", "ping"}}}));
    auto reply = client.next();
    ASSERT_TRUE(reply);
    EXPECT_EQ((*reply)["error"]["code"], -32600);
  }
}

TEST(Session, DuplicateInFlightIdIsRefused) {
  Server server({.name = "t", .version = "1"});
  std::atomic<bool> release{false};
  server.add_tool({.name = "wait"}, [&](const json&, Context&) {
    while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return ToolResult::text("done");
  });
  MemoryClient client(server);
  client.initialize();
  json call{{"jsonrpc", "2.0"}, {"id", 7}, {"method", "tools/call"}, {"params", {{"name", "wait"}}}};
  client.send(call);
  client.send(call);
  auto refused = client.response(7);
  ASSERT_TRUE(refused);
  EXPECT_EQ((*refused)["error"]["code"], -32600);
  release = true;
  auto done = client.response(7);
  ASSERT_TRUE(done);
  EXPECT_EQ((*done)["result"]["content"][0]["text"], "done");
}

TEST(Session, RegistrationRejectsBadNames) {
  Server server({.name = "t", .version = "1"});
  auto noop = [](const json&, Context&) { return ToolResult::text(""); };
  EXPECT_THROW(server.add_tool({.name = "has space"}, noop), std::invalid_argument);
  EXPECT_THROW(server.add_tool({.name = std::string(65, 'a')}, noop), std::invalid_argument);
  server.add_tool({.name = "ok_name-1"}, noop);
  EXPECT_THROW(server.add_tool({.name = "ok_name-1"}, noop), std::invalid_argument);
}

TEST(Session, StatelessRequestsNeedNoInitialize) {
  EchoServer server;
  MemoryClient client(server);
  auto discover = client.request("server/discover", {{"_meta", test::stateless_meta()}});
  ASSERT_TRUE(discover.contains("result")) << discover.dump();
  EXPECT_EQ(discover["result"]["resultType"], "complete");
  EXPECT_EQ(discover["result"]["supportedVersions"][0], "2026-07-28");
  EXPECT_EQ(discover["result"]["cacheScope"], "public");
  EXPECT_TRUE(discover["result"]["ttlMs"].is_number_integer());
  EXPECT_EQ(discover["result"]["_meta"]["io.modelcontextprotocol/serverInfo"]["name"], "t");

  auto call = client.request("tools/call", {{"_meta", test::stateless_meta()}, {"name", "echo"},
                                            {"arguments", {{"text", "hi"}}}});
  EXPECT_EQ(call["result"]["resultType"], "complete");
  EXPECT_EQ(call["result"]["content"][0]["text"], "hi");
}

TEST(Session, UnsupportedStatelessVersionListsWhatIsSupported) {
  EchoServer server;
  MemoryClient client(server);
  json meta = test::stateless_meta();
  meta["io.modelcontextprotocol/protocolVersion"] = "1900-01-01";
  auto reply = client.request("tools/list", {{"_meta", meta}});
  EXPECT_EQ(reply["error"]["code"], -32022);
  EXPECT_EQ(reply["error"]["data"]["requested"], "1900-01-01");
  EXPECT_EQ(reply["error"]["data"]["supported"][0], "2026-07-28");
}

TEST(Session, MethodsRemovedIn2026AreNotFoundOnTheStatelessWire) {
  EchoServer server;
  MemoryClient client(server);
  for (const char* method : {"ping", "logging/setLevel", "resources/subscribe"}) {
    EXPECT_EQ(client.request(method, {{"_meta", test::stateless_meta()}})["error"]["code"], -32601) << method;
  }
}

}  // namespace
}  // namespace conhub::mcp

namespace conhub::mcp {
namespace {

TEST(Session, MetaPassesThroughBothWays) {
  Server server({.name = "t", .version = "1"});
  server.add_tool({.name = "meta"}, [](const nlohmann::json&, Context& ctx) {
    ToolResult result = ToolResult::text(ctx.meta().value("trace", "none"));
    result.meta = nlohmann::json{{"example.com/cost", 3}};
    return result;
  });
  test::MemoryClient client(server);
  client.initialize();
  auto reply = client.request("tools/call", {{"name", "meta"}, {"_meta", {{"trace", "abc"}}}});
  EXPECT_EQ(reply["result"]["content"][0]["text"], "abc");
  EXPECT_EQ(reply["result"]["_meta"]["example.com/cost"], 3);
}

}  // namespace
}  // namespace conhub::mcp
