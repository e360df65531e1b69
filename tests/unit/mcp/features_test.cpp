// Resources, resource templates, prompts and completion through a session.
#include <gtest/gtest.h>

#include "conhub/mcp/server.hpp"
#include "support/memory_client.hpp"

namespace conhub::mcp {
namespace {

using nlohmann::json;

struct DocsServer : Server {
  DocsServer() : Server({.name = "t", .version = "1"}) {
    add_resource({.uri = "docs://readme", .name = "readme", .mime_type = "text/markdown"},
                 [](const std::string& uri, Context&) -> Result<ResourceContents> {
                   return ResourceContents{ResourceContent::of_text(uri, "# Hello", "text/markdown")};
                 });
    add_resource({.uri = "docs://logo", .name = "logo", .mime_type = "image/png"},
                 [](const std::string& uri, Context&) -> Result<ResourceContents> {
                   return ResourceContents{ResourceContent::of_blob(uri, "iVBORw0KGgo=", "image/png")};
                 });
    add_resource_template({.uri_template = "docs://pages/{+path}", .name = "page"},
                          [](const UriMatch& m, Context&) -> Result<ResourceContents> {
                            if (m["path"] == "missing") return Error::resource_not_found(m.uri);
                            return ResourceContents{ResourceContent::of_text(m.uri, "page " + m["path"])};
                          });
    add_prompt({.name = "review",
                .description = "Review a change",
                .arguments = {{.name = "language", .required = true}, {.name = "style"}}},
               [](const PromptArgs& args, Context&) -> Result<PromptResult> {
                 return PromptResult{"Review",
                                     {{"user", Content::text("Review this " + args.at("language") + " change")},
                                      {"user", Content::embedded_text("docs://readme", "# Hello")}}};
               });
    add_completion(CompletionRef::prompt("review"), "language", [](const std::string& partial, const auto&) {
      std::vector<std::string> out;
      for (std::string lang : {"c", "c++", "go", "python", "rust"})
        if (lang.rfind(partial, 0) == 0) out.push_back(lang);
      return out;
    });
  }
};

TEST(Features, ReadsTextBinaryAndTemplatedResources) {
  DocsServer server;
  test::MemoryClient client(server);
  client.initialize();
  auto list = client.request("resources/list");
  ASSERT_EQ(list["result"]["resources"].size(), 2u);
  EXPECT_EQ(list["result"]["resources"][0]["uri"], "docs://logo");  // sorted by URI
  EXPECT_EQ(client.request("resources/read", {{"uri", "docs://readme"}})["result"]["contents"][0]["text"], "# Hello");
  EXPECT_EQ(client.request("resources/read", {{"uri", "docs://logo"}})["result"]["contents"][0]["blob"], "iVBORw0KGgo=");
  auto page = client.request("resources/read", {{"uri", "docs://pages/guide/intro"}});
  EXPECT_EQ(page["result"]["contents"][0]["text"], "page guide/intro");
  EXPECT_EQ(client.request("resources/read", {{"uri", "docs://pages/missing"}})["error"]["code"], -32002);
  EXPECT_EQ(client.request("resources/read", {{"uri", ""}})["error"]["code"], -32602);
  auto templates = client.request("resources/templates/list");
  EXPECT_EQ(templates["result"]["resourceTemplates"][0]["uriTemplate"], "docs://pages/{+path}");
}

TEST(Features, PromptsCheckRequiredStringArguments) {
  DocsServer server;
  test::MemoryClient client(server);
  client.initialize();
  auto list = client.request("prompts/list");
  EXPECT_EQ(list["result"]["prompts"][0]["arguments"][0]["required"], true);
  auto got = client.request("prompts/get", {{"name", "review"}, {"arguments", {{"language", "go"}}}});
  EXPECT_EQ(got["result"]["messages"][0]["content"]["text"], "Review this go change");
  EXPECT_EQ(got["result"]["messages"][1]["content"]["type"], "resource");
  EXPECT_EQ(client.request("prompts/get", {{"name", "review"}})["error"]["code"], -32602);
  EXPECT_EQ(client.request("prompts/get", {{"name", "review"}, {"arguments", {{"language", 3}}}})["error"]["code"], -32602);
  EXPECT_EQ(client.request("prompts/get", {{"name", "nope"}})["error"]["code"], -32602);
}

TEST(Features, CompletionFiltersAndUnknownRefsAreErrors) {
  DocsServer server;
  test::MemoryClient client(server);
  client.initialize();
  auto reply = client.request("completion/complete", {{"ref", {{"type", "ref/prompt"}, {"name", "review"}}},
                                                      {"argument", {{"name", "language"}, {"value", "c"}}}});
  EXPECT_EQ(reply["result"]["completion"]["values"], json::array({"c", "c++"}));
  EXPECT_EQ(reply["result"]["completion"]["total"], 2);
  EXPECT_EQ(reply["result"]["completion"]["hasMore"], false);
  // An argument with no completion handler has no suggestions.
  auto none = client.request("completion/complete", {{"ref", {{"type", "ref/prompt"}, {"name", "review"}}},
                                                     {"argument", {{"name", "style"}, {"value", ""}}}});
  EXPECT_EQ(none["result"]["completion"]["values"], json::array());
  auto unknown = client.request("completion/complete", {{"ref", {{"type", "ref/prompt"}, {"name", "zzz"}}},
                                                        {"argument", {{"name", "x"}, {"value", ""}}}});
  EXPECT_EQ(unknown["error"]["code"], -32602);
}

}  // namespace
}  // namespace conhub::mcp
