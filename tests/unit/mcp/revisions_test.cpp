#include "protocol/revisions.hpp"

#include <gtest/gtest.h>

#include "conhub/mcp/server.hpp"
#include "support/memory_client.hpp"

namespace conhub::mcp::detail {
namespace {

TEST(Revisions, EveryStatefulRevisionIsEchoed) {
  for (const char* name : {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"}) {
    EXPECT_EQ(revision_name(negotiate_stateful(name)), name);
  }
}

TEST(Revisions, UnknownOrStatelessRequestGetsLatestStateful) {
  EXPECT_EQ(revision_name(negotiate_stateful("1999-01-01")), "2025-11-25");
  EXPECT_EQ(revision_name(negotiate_stateful("")), "2025-11-25");
  // 2026-07-28 has no initialize; a client that sends one gets the newest handshake revision.
  EXPECT_EQ(revision_name(negotiate_stateful("2026-07-28")), "2025-11-25");
}

TEST(Revisions, SupportedListIsNewestFirst) {
  const auto& names = supported_revision_names();
  ASSERT_EQ(names.size(), 5u);
  EXPECT_EQ(names.front(), "2026-07-28");
  EXPECT_EQ(names.back(), "2024-11-05");
}

TEST(Revisions, BatchesOnlyIn20250326) {
  EXPECT_TRUE(allows_batches(Revision::k2025_03_26));
  EXPECT_FALSE(allows_batches(Revision::k2024_11_05));
  EXPECT_FALSE(allows_batches(Revision::k2025_06_18));
  EXPECT_FALSE(allows_batches(Revision::k2025_11_25));
}

class Negotiation : public ::testing::TestWithParam<std::string> {};

TEST_P(Negotiation, InitializeAnswersWithTheRequestedRevision) {
  Server server({.name = "t", .version = "1"});
  test::MemoryClient client(server);
  auto reply = client.initialize(GetParam());
  ASSERT_TRUE(reply.contains("result")) << reply.dump();
  EXPECT_EQ(reply["result"]["protocolVersion"], GetParam());
  EXPECT_EQ(reply["result"]["serverInfo"]["name"], "t");
  EXPECT_TRUE(reply["result"]["capabilities"].contains("tools"));
  // completions capability arrived in 2025-03-26.
  EXPECT_EQ(reply["result"]["capabilities"].contains("completions"), GetParam() != "2024-11-05");
}

INSTANTIATE_TEST_SUITE_P(StatefulRevisions, Negotiation,
                         ::testing::Values("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"));

}  // namespace
}  // namespace conhub::mcp::detail
