#include <gtest/gtest.h>

#include "conhub/mcp/server.hpp"
#include "support/memory_client.hpp"

namespace conhub::mcp {
namespace {

using nlohmann::json;

struct ManyTools : Server {
  explicit ManyTools(int count) : Server({.name = "t", .version = "1"}, {.page_size = 10}) {
    for (int i = count - 1; i >= 0; --i) {  // registered in reverse: the order must not depend on it
      char name[16];
      std::snprintf(name, sizeof name, "tool_%03d", i);
      add_tool({.name = name}, [](const json&, Context&) { return ToolResult::text(""); });
    }
  }
};

std::vector<std::string> walk(test::MemoryClient& client, int& pages) {
  std::vector<std::string> names;
  json params = json::object();
  pages = 0;
  for (;;) {
    auto reply = client.request("tools/list", params);
    ++pages;
    for (const auto& tool : reply["result"]["tools"]) names.push_back(tool["name"]);
    if (!reply["result"].contains("nextCursor")) break;
    params["cursor"] = reply["result"]["nextCursor"];
    if (pages > 100) break;
  }
  return names;
}

TEST(Pagination, WalksEveryItemOnceInSortedOrder) {
  ManyTools server(25);
  test::MemoryClient client(server);
  client.initialize();
  int pages = 0;
  auto names = walk(client, pages);
  ASSERT_EQ(names.size(), 25u);
  EXPECT_EQ(pages, 3);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_EQ(names.front(), "tool_000");
  EXPECT_EQ(names.back(), "tool_024");
}

TEST(Pagination, ExactMultipleOfThePageSizeHasNoEmptyTrailingPage) {
  ManyTools server(20);
  test::MemoryClient client(server);
  client.initialize();
  int pages = 0;
  EXPECT_EQ(walk(client, pages).size(), 20u);
  EXPECT_EQ(pages, 2);
}

TEST(Pagination, ForgedOrForeignCursorsAreInvalidParams) {
  ManyTools server(25);
  test::MemoryClient client(server);
  client.initialize();
  auto first = client.request("tools/list");
  std::string cursor = first["result"]["nextCursor"];
  EXPECT_EQ(client.request("tools/list", {{"cursor", "garbage"}})["error"]["code"], -32602);
  std::string altered = cursor;
  altered[altered.size() / 2] = altered[altered.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_EQ(client.request("tools/list", {{"cursor", altered}})["error"]["code"], -32602);
  // A tools/list cursor does not page prompts/list.
  EXPECT_EQ(client.request("prompts/list", {{"cursor", cursor}})["error"]["code"], -32602);
  EXPECT_EQ(client.request("tools/list", {{"cursor", 5}})["error"]["code"], -32602);
}

TEST(Pagination, CursorStaysValidWhenTheListChanges) {
  ManyTools server(25);
  test::MemoryClient client(server);
  client.initialize();
  auto first = client.request("tools/list");
  server.add_tool({.name = "aaa_new"}, [](const json&, Context&) { return ToolResult::text(""); });
  auto second = client.request("tools/list", {{"cursor", first["result"]["nextCursor"]}});
  ASSERT_TRUE(second.contains("result"));
  EXPECT_EQ(second["result"]["tools"][0]["name"], "tool_010");
}

TEST(Pagination, DisabledItemsAreHiddenAndRemovedOnesGone) {
  Server server({.name = "t", .version = "1"});
  auto a = server.add_tool({.name = "a"}, [](const json&, Context&) { return ToolResult::text(""); });
  auto b = server.add_tool({.name = "b"}, [](const json&, Context&) { return ToolResult::text(""); });
  test::MemoryClient client(server);
  client.initialize();
  a.disable();
  auto list = client.request("tools/list");
  ASSERT_EQ(list["result"]["tools"].size(), 1u);
  // Known but disabled: a tool error the model can act on, not "unknown tool".
  auto call = client.request("tools/call", {{"name", "a"}});
  EXPECT_EQ(call["result"]["isError"], true);
  EXPECT_NE(call["result"]["content"][0]["text"].get<std::string>().find("temporarily unavailable"), std::string::npos);
  b.remove();
  EXPECT_EQ(client.request("tools/call", {{"name", "b"}})["error"]["code"], -32602);
  b = server.add_tool({.name = "b"}, [](const json&, Context&) { return ToolResult::text(""); });
  a.enable();
  b.remove();
  list = client.request("tools/list");
  ASSERT_EQ(list["result"]["tools"].size(), 1u);
  EXPECT_EQ(list["result"]["tools"][0]["name"], "a");
}

}  // namespace
}  // namespace conhub::mcp
