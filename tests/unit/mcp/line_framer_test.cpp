#include "transport/line_framer.hpp"

#include <gtest/gtest.h>

namespace conhub::mcp::detail {
namespace {

std::vector<LineFramer::Line> feed(LineFramer& framer, const std::string& data) {
  std::vector<LineFramer::Line> out;
  framer.feed(data.data(), data.size(), out);
  return out;
}

TEST(LineFramer, SplitsLinesAndKeepsTheUnfinishedTail) {
  LineFramer framer(100);
  auto first = feed(framer, "{\"a\":1}\n{\"b\"");
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].text, "{\"a\":1}");
  auto second = feed(framer, ":2}\r\n\n  \t\n{\"c\":3}\n");
  ASSERT_EQ(second.size(), 2u);  // blank lines are skipped, CR is dropped
  EXPECT_EQ(second[0].text, "{\"b\":2}");
  EXPECT_EQ(second[1].text, "{\"c\":3}");
}

TEST(LineFramer, OversizedLineInOneChunkIsReportedWithItsSize) {
  LineFramer framer(10);
  auto out = feed(framer, std::string(25, 'x') + "\nok\n");
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(out[0].oversized);
  EXPECT_EQ(out[0].size, 25u);
  EXPECT_TRUE(out[0].text.empty());
  EXPECT_EQ(out[1].text, "ok");
}

TEST(LineFramer, OversizedLineAcrossChunksIsDroppedWithoutBuffering) {
  LineFramer framer(10);
  std::size_t total = 0;
  for (int i = 0; i < 100; ++i) {  // 1,600 bytes with no newline, fed in chunks
    EXPECT_TRUE(feed(framer, std::string(16, 'y')).empty());
    total += 16;
  }
  auto out = feed(framer, "zz\nnext\n");
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(out[0].oversized);
  EXPECT_EQ(out[0].size, total + 2);
  EXPECT_EQ(out[1].text, "next");
}

TEST(LineFramer, ALineOfExactlyTheLimitIsAccepted) {
  LineFramer framer(10);
  auto out = feed(framer, std::string(10, 'a') + "\n");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_FALSE(out[0].oversized);
}

}  // namespace
}  // namespace conhub::mcp::detail
