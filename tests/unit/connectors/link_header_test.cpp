#include "http/link_header.hpp"

#include <gtest/gtest.h>

namespace conhub::connectors {
namespace {

TEST(LinkHeader, ParsesGitHubStyleLinks) {
  const auto links = parse_link_header(
      R"(<https://api.github.com/repositories/1300192/issues?page=2>; rel="prev", )"
      R"(<https://api.github.com/repositories/1300192/issues?page=4>; rel="next", )"
      R"(<https://api.github.com/repositories/1300192/issues?page=515>; rel="last", )"
      R"(<https://api.github.com/repositories/1300192/issues?page=1>; rel="first")");
  ASSERT_EQ(links.size(), 4u);
  EXPECT_TRUE(links[1].has_rel("next"));
  EXPECT_EQ(links[1].target, "https://api.github.com/repositories/1300192/issues?page=4");
  EXPECT_TRUE(links[3].has_rel("first"));
}

TEST(LinkHeader, ToleratesSpacesBareValuesAndCase) {
  const auto links = parse_link_header("  < /a?x=1 >;rel=next ,<https://h/b> ;  REL = \"Last\"  ; title=\"x, y\"");
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].target, " /a?x=1 ");
  EXPECT_TRUE(links[0].has_rel("next"));
  EXPECT_TRUE(links[1].has_rel("last"));
  ASSERT_EQ(links[1].params.size(), 2u);
  EXPECT_EQ(links[1].params[1].first, "title");
  EXPECT_EQ(links[1].params[1].second, "x, y");  // a comma in quotes does not split links
}

TEST(LinkHeader, SeveralRelationTypesInOneRel) {
  const auto links = parse_link_header(R"(<https://h/p?page=3>; rel="next last")");
  ASSERT_EQ(links.size(), 1u);
  EXPECT_TRUE(links[0].has_rel("next"));
  EXPECT_TRUE(links[0].has_rel("last"));
}

TEST(LinkHeader, CommasAndSemicolonsInsideTheTargetAreKept) {
  const auto links = parse_link_header(R"(<https://h/p?a=1,2;b=3>; rel="next")");
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].target, "https://h/p?a=1,2;b=3");
}

TEST(LinkHeader, SecondRelIsIgnored) {  // RFC 8288 §3.3
  const auto links = parse_link_header(R"(<https://h/p>; rel="prev"; rel="next")");
  ASSERT_EQ(links.size(), 1u);
  EXPECT_TRUE(links[0].has_rel("prev"));
  EXPECT_FALSE(links[0].has_rel("next"));
}

TEST(LinkHeader, EscapedQuotesInQuotedValues) {
  const auto links = parse_link_header(R"(<https://h/p>; title="say \"hi\"", <https://h/q>; rel=next)");
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].params[0].second, "say \"hi\"");
  EXPECT_TRUE(links[1].has_rel("next"));
}

TEST(LinkHeader, MalformedValuesAreSkippedNotFatal) {
  const auto links = parse_link_header(R"(garbage, <https://h/ok>; rel="next", <https://h/unterminated; rel="x")");
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].target, "https://h/ok");
  EXPECT_TRUE(parse_link_header("").empty());
  EXPECT_TRUE(parse_link_header(" , ,, ").empty());
  EXPECT_TRUE(parse_link_header("<https://h/p>; rel=\"unterminated").empty());
}

TEST(LinkHeader, FindLinkSearchesEveryLinkField) {
  Headers headers;
  headers.add("link", R"(<https://h/first>; rel="first")");
  headers.add("Link", R"(<https://h/next>; rel="next")");
  EXPECT_EQ(find_link(headers, "next"), "https://h/next");
  EXPECT_EQ(find_link(headers, "NEXT"), "https://h/next");
  EXPECT_EQ(find_link(headers, "prev"), std::nullopt);
}

}  // namespace
}  // namespace conhub::connectors
