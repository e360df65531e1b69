// Hostile input never crashes a session: deterministic mutations of valid messages and
// random bytes are answered (or ignored, for notifications) and the session stays usable.
// Run under ASan+UBSan by `make test`.
#include <gtest/gtest.h>

#include <random>

#include "conhub/mcp/server.hpp"
#include "support/memory_client.hpp"

namespace conhub::mcp {
namespace {

using nlohmann::json;

const std::vector<std::string> kSeeds = {
    R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"}}})",
    R"({"jsonrpc":"2.0","id":"a","method":"tools/list","params":{"cursor":"abc"}})",
    R"({"jsonrpc":"2.0","id":2,"method":"resources/read","params":{"uri":"x://a/b"}})",
    R"({"jsonrpc":"2.0","id":3,"method":"prompts/get","params":{"name":"p","arguments":{"a":"b"}}})",
    R"({"jsonrpc":"2.0","id":4,"method":"completion/complete","params":{"ref":{"type":"ref/prompt","name":"p"},"argument":{"name":"a","value":"x"}}})",
    R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}})",
    R"({"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}},"name":"echo","arguments":{"text":"x"},"requestState":"zz","inputResponses":{"k":1}}})",
    R"([{"jsonrpc":"2.0","id":6,"method":"ping"},{"jsonrpc":"2.0","method":"x"}])",
};

std::string mutate(const std::string& seed, std::mt19937& rng) {
  std::string out = seed;
  std::uniform_int_distribution<int> op(0, 4);
  std::uniform_int_distribution<int> byte(0, 255);
  const int edits = 1 + static_cast<int>(rng() % 4);
  for (int i = 0; i < edits && !out.empty(); ++i) {
    std::size_t at = rng() % out.size();
    switch (op(rng)) {
      case 0: out[at] = static_cast<char>(byte(rng)); break;                       // flip a byte
      case 1: out.erase(at, 1 + rng() % 8); break;                                  // drop bytes
      case 2: out.insert(at, std::string(1 + rng() % 4, "{}[]\",:0\\"[rng() % 9])); break;  // structure noise
      case 3: out.insert(at, out.substr(rng() % out.size(), 1 + rng() % 16)); break;  // duplicate a run
      case 4: out.resize(at); break;                                                // truncate
    }
  }
  return out;
}

TEST(Robustness, MutatedMessagesNeverBreakTheSession) {
  Server server({.name = "t", .version = "1"}, {.page_size = 2});
  server.add_tool({.name = "echo", .input = Schema::object({{"text", Schema::string()}})},
                  [](const json& args, Context&) { return ToolResult::text(args["text"]); });
  server.add_prompt({.name = "p", .arguments = {{.name = "a", .required = true}}},
                    [](const PromptArgs&, Context&) -> Result<PromptResult> { return PromptResult{}; });
  test::MemoryClient client(server);
  client.initialize("2025-03-26");  // the revision with batches: the widest surface

  std::mt19937 rng(20261123);
  for (int i = 0; i < 3000; ++i) {
    client.send_raw(mutate(kSeeds[static_cast<std::size_t>(i) % kSeeds.size()], rng));
  }
  std::string noise(512, '\0');
  for (int i = 0; i < 200; ++i) {
    for (auto& c : noise) c = static_cast<char>(rng());
    client.send_raw(noise);
  }
  // Everything the server wrote parsed as JSON (MemoryClient parses each message), and the
  // session still answers normally.
  client.send({{"jsonrpc", "2.0"}, {"id", "final-check"}, {"method", "tools/call"},
               {"params", {{"name", "echo"}, {"arguments", {{"text", "alive"}}}}}});
  auto reply = client.response("final-check");
  ASSERT_TRUE(reply);
  EXPECT_EQ((*reply)["result"]["content"][0]["text"], "alive");
}

}  // namespace
}  // namespace conhub::mcp
