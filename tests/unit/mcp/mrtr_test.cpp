// ask(): one handler, two wires. Stateful revisions send a server-to-client request;
// 2026-07-28 answers with InputRequiredResult and a sealed requestState.
#include <gtest/gtest.h>

#include <thread>

#include "conhub/mcp/server.hpp"
#include "session/sealed_state.hpp"
#include "support/memory_client.hpp"

namespace conhub::mcp {
namespace {

using nlohmann::json;
using test::stateless_meta;

const json kElicitCaps = {{"elicitation", json::object()}};

// Asks for a name, then for a confirmation, then greets.
struct AskingServer : Server {
  std::atomic<int> runs{0};
  AskingServer() : Server({.name = "t", .version = "1"}) {
    add_tool({.name = "greet", .input = Schema::object({{"greeting", Schema::string()}})},
             [this](const json& args, Context& ctx) {
               ++runs;
               auto name = ctx.ask("name", InputRequest::elicit("Your name?", Schema::object({{"name", Schema::string()}}).json()));
               if (!name) return ToolResult::error(name.error().message);
               if ((*name).value("action", "") != "accept") return ToolResult::text("declined");
               auto sure = ctx.ask("confirm", InputRequest::elicit("Sure?", Schema::object({{"ok", Schema::boolean()}}).json()));
               if (!sure) return ToolResult::error(sure.error().message);
               return ToolResult::text(args["greeting"].get<std::string>() + ", " +
                                       (*name)["content"]["name"].get<std::string>());
             });
  }
};

json call_params(json extra = json::object()) {
  json params{{"_meta", stateless_meta(kElicitCaps)}, {"name", "greet"}, {"arguments", {{"greeting", "Hello"}}}};
  params.update(extra);
  return params;
}

TEST(Mrtr, TwoRoundsThenComplete) {
  AskingServer server;
  test::MemoryClient client(server);
  auto first = client.request("tools/call", call_params());
  ASSERT_EQ(first["result"]["resultType"], "input_required") << first.dump();
  EXPECT_EQ(first["result"]["inputRequests"]["name"]["method"], "elicitation/create");
  EXPECT_EQ(first["result"]["inputRequests"]["name"]["params"]["message"], "Your name?");
  std::string state = first["result"]["requestState"];

  auto second = client.request("tools/call", call_params({{"requestState", state},
      {"inputResponses", {{"name", {{"action", "accept"}, {"content", {{"name", "Ada"}}}}}}}}));
  ASSERT_EQ(second["result"]["resultType"], "input_required") << second.dump();
  EXPECT_TRUE(second["result"]["inputRequests"].contains("confirm"));

  // Only the newest answer travels; the first one comes back from the sealed state.
  auto third = client.request("tools/call", call_params({{"requestState", second["result"]["requestState"]},
      {"inputResponses", {{"confirm", {{"action", "accept"}, {"content", {{"ok", true}}}}}}}}));
  ASSERT_EQ(third["result"]["resultType"], "complete") << third.dump();
  EXPECT_EQ(third["result"]["content"][0]["text"], "Hello, Ada");
  EXPECT_EQ(server.runs.load(), 3);
}

TEST(Mrtr, TamperedRequestStateIsRefused) {
  AskingServer server;
  test::MemoryClient client(server);
  auto first = client.request("tools/call", call_params());
  std::string state = first["result"]["requestState"];
  auto raw = *detail::base64url_decode(state);
  auto pos = raw.find("\"a\":{}");
  ASSERT_NE(pos, std::string::npos) << raw;
  raw.replace(pos, 6, "\"a\":{\"name\":{\"action\":\"accept\",\"content\":{\"name\":\"Mallory\"}}}");
  auto forged = client.request("tools/call", call_params({{"requestState", detail::base64url_encode(raw)}}));
  EXPECT_EQ(forged["error"]["code"], -32602);
}

TEST(Mrtr, StateFromAnotherRequestIsRefused) {
  AskingServer server;
  test::MemoryClient client(server);
  auto first = client.request("tools/call", call_params());
  json other = call_params({{"requestState", first["result"]["requestState"]}});
  other["arguments"]["greeting"] = "Goodbye";  // same tool, different arguments
  auto reply = client.request("tools/call", other);
  EXPECT_EQ(reply["error"]["code"], -32602);
  EXPECT_NE(reply["error"]["message"].get<std::string>().find("different request"), std::string::npos);
}

// 2026-07-28 basic/index § Error Codes: a request that needs a capability the client did
// not declare fails as a whole with -32021 naming the capability.
TEST(Mrtr, MissingCapabilityFailsTheRequestWith32021) {
  AskingServer server;
  test::MemoryClient client(server);
  json params = call_params();
  params["_meta"] = stateless_meta();  // no elicitation capability
  auto reply = client.request("tools/call", params);
  ASSERT_TRUE(reply.contains("error")) << reply.dump();
  EXPECT_EQ(reply["error"]["code"], -32021);
  EXPECT_EQ(reply["error"]["data"]["requiredCapabilities"], json({{"elicitation", json::object()}}));
  EXPECT_EQ(server.runs.load(), 1);
}

TEST(Mrtr, MissingCapabilityIsReportedToTheStatefulHandler) {
  AskingServer server;
  test::MemoryClient client(server);
  client.initialize("2025-11-25", json::object());
  client.send({{"jsonrpc", "2.0"}, {"id", 7}, {"method", "tools/call"},
               {"params", {{"name", "greet"}, {"arguments", {{"greeting", "Hi"}}}}}});
  auto done = client.response(7);
  ASSERT_TRUE(done);
  EXPECT_EQ((*done)["result"]["isError"], true);
  EXPECT_NE((*done)["result"]["content"][0]["text"].get<std::string>().find("elicitation"), std::string::npos);
}

// SEP-2322 InputResponses: each value is a result object; a number is a malformed request.
TEST(Mrtr, InputResponseThatIsNotAnObjectIsInvalidParams) {
  AskingServer server;
  test::MemoryClient client(server);
  auto reply = client.request("tools/call", call_params({{"inputResponses", {{"name", 12345}}}}));
  EXPECT_EQ(reply["error"]["code"], -32602) << reply.dump();
  EXPECT_EQ(server.runs.load(), 0);
}

// Wrong keys are not an error: the server asks again; extra keys are ignored.
TEST(Mrtr, WrongKeysAskAgainAndExtraKeysAreIgnored) {
  AskingServer server;
  test::MemoryClient client(server);
  auto wrong = client.request("tools/call", call_params({{"inputResponses", {{"other", {{"action", "accept"}}}}}}));
  ASSERT_EQ(wrong["result"]["resultType"], "input_required") << wrong.dump();
  EXPECT_TRUE(wrong["result"]["inputRequests"].contains("name"));
  auto extra = client.request(
      "tools/call", call_params({{"inputResponses", {{"name", {{"action", "accept"}, {"content", {{"name", "Ada"}}}}},
                                                     {"confirm", {{"action", "accept"}, {"content", {{"ok", true}}}}},
                                                     {"unknown", {{"action", "accept"}}}}}}));
  EXPECT_EQ(extra["result"]["content"][0]["text"], "Hello, Ada") << extra.dump();
}

TEST(Mrtr, StatefulAskSendsARequestToTheClient) {
  AskingServer server;
  test::MemoryClient client(server);
  client.initialize("2025-11-25", kElicitCaps);
  client.send({{"jsonrpc", "2.0"}, {"id", 50}, {"method", "tools/call"},
               {"params", {{"name", "greet"}, {"arguments", {{"greeting", "Hi"}}}}}});
  for (const char* expected : {"Your name?", "Sure?"}) {
    auto ask = client.wait_for([](const json& m) { return m.value("method", "") == "elicitation/create"; });
    ASSERT_TRUE(ask);
    EXPECT_EQ((*ask)["params"]["message"], expected);
    EXPECT_EQ((*ask)["params"]["mode"], "form");
    json answer = std::string(expected) == "Sure?" ? json{{"action", "accept"}, {"content", {{"ok", true}}}}
                                                   : json{{"action", "accept"}, {"content", {{"name", "Bo"}}}};
    client.send({{"jsonrpc", "2.0"}, {"id", (*ask)["id"]}, {"result", answer}});
  }
  auto done = client.response(50);
  ASSERT_TRUE(done);
  EXPECT_EQ((*done)["result"]["content"][0]["text"], "Hi, Bo");
}

TEST(Mrtr, Stateful20250618DropsTheModeField) {
  AskingServer server;
  test::MemoryClient client(server);
  client.initialize("2025-06-18", kElicitCaps);
  client.send({{"jsonrpc", "2.0"}, {"id", 1}, {"method", "tools/call"},
               {"params", {{"name", "greet"}, {"arguments", {{"greeting", "Hi"}}}}}});
  auto ask = client.wait_for([](const json& m) { return m.value("method", "") == "elicitation/create"; });
  ASSERT_TRUE(ask);
  EXPECT_FALSE((*ask)["params"].contains("mode"));
  client.send({{"jsonrpc", "2.0"}, {"id", (*ask)["id"]}, {"result", {{"action", "decline"}}}});
  EXPECT_EQ((*client.response(1))["result"]["content"][0]["text"], "declined");
}

TEST(Mrtr, ClientErrorAnswerReachesTheHandler) {
  AskingServer server;
  test::MemoryClient client(server);
  client.initialize("2025-11-25", kElicitCaps);
  client.send({{"jsonrpc", "2.0"}, {"id", 1}, {"method", "tools/call"},
               {"params", {{"name", "greet"}, {"arguments", {{"greeting", "Hi"}}}}}});
  auto ask = client.wait_for([](const json& m) { return m.value("method", "") == "elicitation/create"; });
  ASSERT_TRUE(ask);
  client.send({{"jsonrpc", "2.0"}, {"id", (*ask)["id"]}, {"error", {{"code", -1}, {"message", "user closed dialog"}}}});
  auto done = client.response(1);
  ASSERT_TRUE(done);
  EXPECT_EQ((*done)["result"]["isError"], true);
  EXPECT_EQ((*done)["result"]["content"][0]["text"], "user closed dialog");
}

TEST(SealedState, RoundTripsAndRejectsOtherKindsKeysAndExpiry) {
  detail::SealedState sealer("key-one");
  auto sealed = sealer.seal("cursor", json{{"after", "x"}}, std::chrono::seconds(60));
  ASSERT_TRUE(sealer.open("cursor", sealed));
  EXPECT_EQ((*sealer.open("cursor", sealed))["after"], "x");
  EXPECT_FALSE(sealer.open("mrtr", sealed));
  EXPECT_FALSE(detail::SealedState("key-two").open("cursor", sealed));
  EXPECT_TRUE(detail::SealedState("key-one").open("cursor", sealed));  // same key: another instance accepts it
  EXPECT_FALSE(sealer.open("cursor", sealer.seal("cursor", 1, std::chrono::seconds(-1))));
  EXPECT_FALSE(sealer.open("cursor", "!!!"));
  EXPECT_FALSE(sealer.open("cursor", ""));
}

}  // namespace
}  // namespace conhub::mcp

namespace conhub::mcp {
namespace {

// Roots and sampling go through the same ask(): stateful sends the request, 2026 returns
// input_required with the request inside.
struct RootsServer : Server {
  RootsServer() : Server({.name = "t", .version = "1"}) {
    add_tool({.name = "roots"}, [](const nlohmann::json&, Context& ctx) {
      auto roots = ctx.ask("roots", InputRequest::list_roots());
      if (!roots) return ToolResult::error(roots.error().message);
      auto summary = ctx.ask("summary", InputRequest::sample({{"messages", nlohmann::json::array()}, {"maxTokens", 10}}));
      if (!summary) return ToolResult::error(summary.error().message);
      return ToolResult::text(std::to_string((*roots)["roots"].size()) + " roots, " +
                              (*summary)["content"]["text"].get<std::string>());
    });
  }
};

TEST(Mrtr, RootsAndSamplingOnBothWires) {
  const nlohmann::json caps = {{"roots", nlohmann::json::object()}, {"sampling", nlohmann::json::object()}};
  const nlohmann::json roots_answer = {{"roots", {{{"uri", "file:///a"}}, {{"uri", "file:///b"}}}}};
  const nlohmann::json sample_answer = {{"role", "assistant"}, {"model", "m"},
                                        {"content", {{"type", "text"}, {"text", "short"}}}};
  {
    RootsServer server;
    test::MemoryClient client(server);
    client.initialize("2025-06-18", caps);
    client.send({{"jsonrpc", "2.0"}, {"id", 1}, {"method", "tools/call"}, {"params", {{"name", "roots"}}}});
    auto ask_roots = client.wait_for([](const nlohmann::json& m) { return m.value("method", "") == "roots/list"; });
    ASSERT_TRUE(ask_roots);
    client.send({{"jsonrpc", "2.0"}, {"id", (*ask_roots)["id"]}, {"result", roots_answer}});
    auto ask_sample = client.wait_for([](const nlohmann::json& m) { return m.value("method", "") == "sampling/createMessage"; });
    ASSERT_TRUE(ask_sample);
    EXPECT_EQ((*ask_sample)["params"]["maxTokens"], 10);
    client.send({{"jsonrpc", "2.0"}, {"id", (*ask_sample)["id"]}, {"result", sample_answer}});
    EXPECT_EQ((*client.response(1))["result"]["content"][0]["text"], "2 roots, short");
  }
  {
    RootsServer server;
    test::MemoryClient client(server);
    nlohmann::json params{{"_meta", stateless_meta(caps)}, {"name", "roots"}};
    auto first = client.request("tools/call", params);
    ASSERT_EQ(first["result"]["inputRequests"]["roots"]["method"], "roots/list");
    params["requestState"] = first["result"]["requestState"];
    params["inputResponses"] = {{"roots", roots_answer}};
    auto second = client.request("tools/call", params);
    ASSERT_EQ(second["result"]["inputRequests"]["summary"]["method"], "sampling/createMessage");
    params["requestState"] = second["result"]["requestState"];
    params["inputResponses"] = {{"summary", sample_answer}};
    auto done = client.request("tools/call", params);
    EXPECT_EQ(done["result"]["content"][0]["text"], "2 roots, short");
  }
}

}  // namespace
}  // namespace conhub::mcp

namespace conhub::mcp {
namespace {

// ask_all(): independent questions travel together in one InputRequiredResult on
// 2026-07-28, and one after another on the stateful revisions.
struct SurveyServer : Server {
  SurveyServer() : Server({.name = "t", .version = "1"}) {
    add_tool({.name = "survey"}, [](const nlohmann::json&, Context& ctx) {
      auto answers = ctx.ask_all({{"who", InputRequest::elicit("Name?", Schema::object({{"name", Schema::string()}}).json())},
                                  {"roots", InputRequest::list_roots()}});
      if (!answers) return ToolResult::error(answers.error().message);
      return ToolResult::text((*answers)["who"]["content"]["name"].get<std::string>() + " has " +
                              std::to_string((*answers)["roots"]["roots"].size()) + " roots");
    });
  }
};

const nlohmann::json kSurveyCaps = {{"elicitation", nlohmann::json::object()}, {"roots", nlohmann::json::object()}};
const nlohmann::json kWho = {{"action", "accept"}, {"content", {{"name", "Ada"}}}};
const nlohmann::json kRoots = {{"roots", {{{"uri", "file:///a"}}}}};

TEST(Mrtr, AskAllSendsEveryUnansweredQuestionInOneRound) {
  SurveyServer server;
  test::MemoryClient client(server);
  nlohmann::json params{{"_meta", stateless_meta(kSurveyCaps)}, {"name", "survey"}};
  auto first = client.request("tools/call", params);
  ASSERT_EQ(first["result"]["resultType"], "input_required") << first.dump();
  EXPECT_EQ(first["result"]["inputRequests"].size(), 2u);
  EXPECT_EQ(first["result"]["inputRequests"]["who"]["method"], "elicitation/create");
  EXPECT_EQ(first["result"]["inputRequests"]["roots"]["method"], "roots/list");

  // Half answered: only the other question comes back.
  params["requestState"] = first["result"]["requestState"];
  params["inputResponses"] = {{"who", kWho}};
  auto second = client.request("tools/call", params);
  ASSERT_EQ(second["result"]["resultType"], "input_required") << second.dump();
  EXPECT_EQ(second["result"]["inputRequests"].size(), 1u);
  EXPECT_TRUE(second["result"]["inputRequests"].contains("roots"));
  EXPECT_NE(second["result"]["requestState"], first["result"]["requestState"]);

  params["requestState"] = second["result"]["requestState"];
  params["inputResponses"] = {{"roots", kRoots}};
  auto done = client.request("tools/call", params);
  EXPECT_EQ(done["result"]["content"][0]["text"], "Ada has 1 roots") << done.dump();
}

TEST(Mrtr, AskAllWithAnUndeclaredCapabilityIsMinus32021) {
  SurveyServer server;
  test::MemoryClient client(server);
  auto reply = client.request("tools/call", {{"_meta", stateless_meta({{"elicitation", nlohmann::json::object()}})},
                                             {"name", "survey"}});
  EXPECT_EQ(reply["error"]["code"], -32021) << reply.dump();
  EXPECT_EQ(reply["error"]["data"]["requiredCapabilities"], nlohmann::json({{"roots", nlohmann::json::object()}}));
}

TEST(Mrtr, AskAllAsksOneAfterAnotherOnStatefulRevisions) {
  SurveyServer server;
  test::MemoryClient client(server);
  client.initialize("2025-11-25", kSurveyCaps);
  client.send({{"jsonrpc", "2.0"}, {"id", 3}, {"method", "tools/call"}, {"params", {{"name", "survey"}}}});
  auto ask_who = client.wait_for([](const nlohmann::json& m) { return m.value("method", "") == "elicitation/create"; });
  ASSERT_TRUE(ask_who);
  client.send({{"jsonrpc", "2.0"}, {"id", (*ask_who)["id"]}, {"result", kWho}});
  auto ask_roots = client.wait_for([](const nlohmann::json& m) { return m.value("method", "") == "roots/list"; });
  ASSERT_TRUE(ask_roots);
  client.send({{"jsonrpc", "2.0"}, {"id", (*ask_roots)["id"]}, {"result", kRoots}});
  auto done = client.response(3);
  ASSERT_TRUE(done);
  EXPECT_EQ((*done)["result"]["content"][0]["text"], "Ada has 1 roots");
}

}  // namespace
}  // namespace conhub::mcp
