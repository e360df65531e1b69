// The web connector's content classification and its refusal text (pure functions; the
// fetching itself is tested against the fake web site in tests/integration/connectors).
#include "web/fetcher.hpp"

#include <gtest/gtest.h>

namespace conhub::connectors::web {
namespace {

using namespace std::string_literals;

TEST(WebFetcher, ClassifiesByContentType) {
  EXPECT_EQ(classify("text/html", "<p>x</p>"), PageKind::kHtml);
  EXPECT_EQ(classify("application/xhtml+xml", "<p>x</p>"), PageKind::kHtml);
  for (const char* type : {"text/plain", "text/markdown", "text/csv", "application/json", "application/ld+json",
                           "application/xml", "image/svg+xml", "application/yaml"})
    EXPECT_EQ(classify(type, "{\"a\": 1}"), PageKind::kText) << type;
  for (const char* type : {"image/png", "application/pdf", "application/octet-stream", "video/mp4", "font/woff2"})
    EXPECT_EQ(classify(type, "abc"), PageKind::kBinary) << type;
  EXPECT_EQ(classify("text/plain", "a\0b"s), PageKind::kBinary) << "NUL bytes are not text";
  EXPECT_EQ(classify("text/html", "a\0b"s), PageKind::kBinary);
}

TEST(WebFetcher, SniffsWhenThereIsNoContentType) {
  EXPECT_EQ(classify("", "  <!DOCTYPE html><title>t</title>"), PageKind::kHtml);
  EXPECT_EQ(classify("", "<HTML><body>x"), PageKind::kHtml);
  EXPECT_EQ(classify("", "just words, caf\xC3\xA9"), PageKind::kText);
  EXPECT_EQ(classify("", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR"s), PageKind::kBinary);
  EXPECT_EQ(classify("", std::string(200, '\xFF')), PageKind::kBinary);
}

TEST(WebFetcher, RefusalMessagePointsAtTheAllowList) {
  EXPECT_EQ(refusal_message("10.0.0.5 is a private address"),
            "refused: 10.0.0.5 is a private address; add it to the connection's allow list for intranet use "
            "(conhub-mcp connect web --allow HOST|CIDR --replace)");
}

}  // namespace
}  // namespace conhub::connectors::web
