#include "http/http_types.hpp"

#include <gtest/gtest.h>

namespace conhub::connectors {
namespace {

TEST(Headers, CaseInsensitiveLookupAndRepeats) {
  Headers headers;
  headers.add("Content-Type", "application/json");
  headers.add("Link", "<a>");
  headers.add("link", "<b>");
  EXPECT_EQ(headers.get("content-type"), "application/json");
  EXPECT_EQ(headers.get("LINK"), "<a>");
  EXPECT_EQ(headers.get_all("Link").size(), 2u);
  EXPECT_FALSE(headers.contains("X-Missing"));
  headers.set("LINK", "<c>");
  EXPECT_EQ(headers.get_all("link").size(), 1u);
  EXPECT_EQ(headers.get("link"), "<c>");
}

TEST(Query, PercentEncodesEveryReservedByte) {
  EXPECT_EQ(percent_encode("a-b_c.d~e"), "a-b_c.d~e");
  EXPECT_EQ(percent_encode("repo:o/r is:open"), "repo%3Ao%2Fr%20is%3Aopen");
  EXPECT_EQ(percent_encode("a&b=c+d#e?"), "a%26b%3Dc%2Bd%23e%3F");
  EXPECT_EQ(percent_encode("é"), "%C3%A9");
}

TEST(Query, PercentDecodeUndoesEncodeAndKeepsMalformedEscapes) {
  EXPECT_EQ(percent_decode(percent_encode("docs/a b/\xC3\xBC?.md")), "docs/a b/\xC3\xBC?.md");
  EXPECT_EQ(percent_decode("a%2fb%2Fc"), "a/b/c");
  EXPECT_EQ(percent_decode("100%"), "100%");
  EXPECT_EQ(percent_decode("%zz%4"), "%zz%4");
}

TEST(Query, WithQueryAppendsWithTheRightSeparator) {
  EXPECT_EQ(with_query("/search/issues", {{"q", "bug label:x"}, {"per_page", "50"}}),
            "/search/issues?q=bug%20label%3Ax&per_page=50");
  EXPECT_EQ(with_query("/x?a=1", {{"b", "2"}}), "/x?a=1&b=2");
  EXPECT_EQ(with_query("/x", {}), "/x");
}

TEST(Query, SetQueryParamReplacesOrAppends) {
  EXPECT_EQ(set_query_param("/items?page=2&per_page=3", "page", "3"), "/items?per_page=3&page=3");
  EXPECT_EQ(set_query_param("/items", "cursor", "a b"), "/items?cursor=a%20b");
  EXPECT_EQ(set_query_param("/items?x=1#frag", "cursor", "c"), "/items?x=1&cursor=c#frag");
}

TEST(Query, PathOnlyDropsQueryAndOrigin) {
  EXPECT_EQ(path_only("/search/issues?q=secret"), "/search/issues");
  EXPECT_EQ(path_only("https://api.github.com/repos/o/r/issues?page=2"), "/repos/o/r/issues");
  EXPECT_EQ(path_only("https://api.github.com"), "/");
  EXPECT_EQ(path_only(""), "/");
}

TEST(Method, NamesAndIdempotence) {
  EXPECT_EQ(method_name(Method::kPatch), "PATCH");
  EXPECT_TRUE(is_idempotent(Method::kGet));
  EXPECT_TRUE(is_idempotent(Method::kPut));
  EXPECT_FALSE(is_idempotent(Method::kPost));
  EXPECT_FALSE(is_idempotent(Method::kPatch));
}

}  // namespace
}  // namespace conhub::connectors
