#include "server/uri_template.hpp"

#include <gtest/gtest.h>

namespace conhub::mcp::detail {
namespace {

TEST(UriTemplate, SimpleVariablesMatchOneSegment) {
  UriTemplate t("github://{owner}/{repo}/issues/{number}");
  auto m = t.match("github://octo/hello/issues/42");
  ASSERT_TRUE(m);
  EXPECT_EQ((*m)["owner"], "octo");
  EXPECT_EQ((*m)["repo"], "hello");
  EXPECT_EQ((*m)["number"], "42");
  EXPECT_FALSE(t.match("github://octo/hello/world/issues/42"));
  EXPECT_FALSE(t.match("github://octo/hello/pulls/42"));
}

TEST(UriTemplate, ReservedAndExplodedVariablesSpanSlashes) {
  UriTemplate reserved("github://{owner}/{repo}/blob/{ref}/{+path}");
  auto m = reserved.match("github://o/r/blob/main/src/a/b.cpp");
  ASSERT_TRUE(m);
  EXPECT_EQ((*m)["path"], "src/a/b.cpp");
  UriTemplate exploded("file:///{path*}");
  auto f = exploded.match("file:///home/user/x.txt");
  ASSERT_TRUE(f);
  EXPECT_EQ((*f)["path"], "home/user/x.txt");
}

TEST(UriTemplate, PercentEncodedValuesAreDecoded) {
  UriTemplate t("test://template/{id}/data");
  auto m = t.match("test://template/a%20b/data");
  ASSERT_TRUE(m);
  EXPECT_EQ((*m)["id"], "a b");
}

TEST(UriTemplate, QueryParametersInAnyOrder) {
  UriTemplate t("search://items{?q,limit}");
  auto m = t.match("search://items?limit=5&q=hello%21");
  ASSERT_TRUE(m);
  EXPECT_EQ((*m)["q"], "hello!");
  EXPECT_EQ((*m)["limit"], "5");
  auto bare = t.match("search://items");
  ASSERT_TRUE(bare);
  EXPECT_TRUE(bare->empty());
}

TEST(UriTemplate, LiteralRegexCharactersAreLiteral) {
  UriTemplate t("x://a.b+c/{id}");
  EXPECT_TRUE(t.match("x://a.b+c/1"));
  EXPECT_FALSE(t.match("x://aXb+c/1"));
}

TEST(UriTemplate, MalformedTemplatesThrowAtRegistration) {
  EXPECT_THROW(UriTemplate("x://{unclosed"), std::invalid_argument);
  EXPECT_THROW(UriTemplate("x://{}"), std::invalid_argument);
}

TEST(UriTemplate, ListsItsVariables) {
  UriTemplate t("x://{a}/{+b}{?c,d}");
  EXPECT_EQ(t.variables(), (std::vector<std::string>{"a", "b", "c", "d"}));
}

}  // namespace
}  // namespace conhub::mcp::detail
