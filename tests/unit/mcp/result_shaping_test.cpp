#include "protocol/result_shaping.hpp"

#include <gtest/gtest.h>

#include "conhub/mcp/server.hpp"
#include "support/memory_client.hpp"

namespace conhub::mcp::detail {
namespace {

using nlohmann::json;

TEST(ResultShaping, AudioAndLinksBecomeTextOnOlderRevisions) {
  json audio = Content::audio("AAAA", "audio/wav").wire;
  EXPECT_EQ(content_for(Revision::k2024_11_05, audio)["type"], "text");
  EXPECT_EQ(content_for(Revision::k2025_03_26, audio)["type"], "audio");
  json link = Content::resource_link("file:///a", "a", "text/plain").wire;
  EXPECT_EQ(content_for(Revision::k2025_03_26, link)["type"], "text");
  EXPECT_NE(content_for(Revision::k2025_03_26, link)["text"].get<std::string>().find("file:///a"), std::string::npos);
  EXPECT_EQ(content_for(Revision::k2025_06_18, link)["type"], "resource_link");
}

TEST(ResultShaping, ToolFieldsFollowTheRevision) {
  ToolSpec spec{.name = "x", .title = "X", .output = Schema::object(), .hints = {.read_only = true},
                .icons = {{.src = "https://example.com/i.png"}}};
  json old_tool = tool_for(Revision::k2024_11_05, spec);
  EXPECT_FALSE(old_tool.contains("annotations"));
  EXPECT_FALSE(old_tool.contains("title"));
  EXPECT_FALSE(old_tool.contains("outputSchema"));
  json mid = tool_for(Revision::k2025_06_18, spec);
  EXPECT_EQ(mid["annotations"]["readOnlyHint"], true);
  EXPECT_EQ(mid["title"], "X");
  EXPECT_FALSE(mid.contains("icons"));
  EXPECT_TRUE(tool_for(Revision::k2025_11_25, spec).contains("icons"));
}

TEST(ResultShaping, StatelessResultsCarryTypeCacheHintsAndServerInfo) {
  ServerInfo info{.name = "s", .version = "2"};
  json result{{"tools", json::array()}};
  CacheHint hint{std::chrono::milliseconds(5000), "private"};
  finish_result(Revision::k2026_07_28, result, info, &hint);
  EXPECT_EQ(result["resultType"], "complete");
  EXPECT_EQ(result["ttlMs"], 5000);
  EXPECT_EQ(result["cacheScope"], "private");
  EXPECT_EQ(result["_meta"]["io.modelcontextprotocol/serverInfo"]["version"], "2");

  json stateful{{"tools", json::array()}};
  finish_result(Revision::k2025_11_25, stateful, info, &hint);
  EXPECT_EQ(stateful, (json{{"tools", json::array()}}));

  json pending{{"resultType", "input_required"}, {"requestState", "x"}};
  finish_result(Revision::k2026_07_28, pending, info, &hint);
  EXPECT_FALSE(pending.contains("ttlMs"));  // only complete results are cacheable
}

TEST(ResultShaping, StructuredContentOnlyFrom20250618) {
  Server server({.name = "t", .version = "1"});
  server.add_tool({.name = "s"}, [](const json&, Context&) { return ToolResult::structured_json({{"a", 1}}); });
  for (auto [revision, expected] : {std::pair{"2025-03-26", false}, std::pair{"2025-06-18", true}}) {
    test::MemoryClient client(server);
    client.initialize(revision);
    auto reply = client.request("tools/call", {{"name", "s"}});
    EXPECT_EQ(reply["result"].contains("structuredContent"), expected) << revision;
    EXPECT_EQ(reply["result"]["content"][0]["text"], "{\"a\":1}");
  }
}

TEST(ResultShaping, UnknownResourceIsMinus32002StatefulAndInvalidParamsOn2026) {
  Server server({.name = "t", .version = "1"});
  test::MemoryClient client(server);
  client.initialize();
  auto stateful = client.request("resources/read", {{"uri", "x://missing"}});
  EXPECT_EQ(stateful["error"]["code"], -32002);
  EXPECT_EQ(stateful["error"]["data"]["uri"], "x://missing");
  auto stateless = client.request("resources/read", {{"_meta", test::stateless_meta()}, {"uri", "x://missing"}});
  EXPECT_EQ(stateless["error"]["code"], -32602);
  EXPECT_EQ(stateless["error"]["data"]["uri"], "x://missing");
}

}  // namespace
}  // namespace conhub::mcp::detail
