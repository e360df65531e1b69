// URLs and robots.txt for the web connector: parsing, RFC 3986 §5.4 reference resolution,
// and RFC 9309 group selection and matching.
#include <gtest/gtest.h>

#include "web/robots.hpp"
#include "web/url.hpp"

namespace conhub::connectors::web {
namespace {

TEST(WebUrl, ParsesAbsoluteHttpUrlsOnly) {
  auto u = Url::parse(" HTTPS://Example.COM:8443/a/./b/../c?x=1#frag ");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->host, "example.com");
  EXPECT_EQ(u->port, 8443);
  EXPECT_EQ(u->path, "/a/c");
  EXPECT_EQ(u->str(), "https://example.com:8443/a/c?x=1#frag");
  EXPECT_EQ(u->origin(), "https://example.com:8443");
  EXPECT_EQ(Url::parse("http://h")->str(), "http://h/");
  EXPECT_EQ(Url::parse("http://h:80/x")->str(), "http://h/x");
  EXPECT_EQ(Url::parse("http://[::1]:8080/")->bare_host(), "::1");
  EXPECT_EQ(Url::parse("http://h/a b")->path, "/a%20b");
  for (const char* bad : {"ftp://h/", "file:///etc/passwd", "h/x", "http://", "http://u:p@h/", "http://h:99999/",
                          "http://h:x/", "javascript:alert(1)", "http://[::1/", "gopher://h:70/"})
    EXPECT_FALSE(Url::parse(bad).has_value()) << bad;
}

TEST(WebUrl, ResolvesReferencesAsRfc3986Section5_4) {
  const Url base = *Url::parse("http://a/b/c/d;p?q");
  const std::pair<const char*, const char*> cases[] = {
      {"g", "http://a/b/c/g"},        {"./g", "http://a/b/c/g"},       {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},           {"//g", "http://g/"},            {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},    {"#s", "http://a/b/c/d;p?q#s"},  {"g#s", "http://a/b/c/g#s"},
      {";x", "http://a/b/c/;x"},      {"", "http://a/b/c/d;p?q"},      {".", "http://a/b/c/"},
      {"./", "http://a/b/c/"},        {"..", "http://a/b/"},           {"../", "http://a/b/"},
      {"../g", "http://a/b/g"},       {"../..", "http://a/"},          {"../../g", "http://a/g"},
      {"../../../g", "http://a/g"},   {"/./g", "http://a/g"},          {"/../g", "http://a/g"},
      {"g.", "http://a/b/c/g."},      {"g..", "http://a/b/c/g.."},     {"./../g", "http://a/b/g"},
      {"g/./h", "http://a/b/c/g/h"},  {"g/../h", "http://a/b/c/h"},    {"http:g", "http://a/b/c/g"},
      {"https://x.example/", "https://x.example/"}};
  for (const auto& [ref, want] : cases) {
    auto got = base.resolve(ref);
    ASSERT_TRUE(got) << ref;
    EXPECT_EQ(got->str(), want) << ref;
  }
  EXPECT_FALSE(base.resolve("mailto:x@y").has_value());
  EXPECT_FALSE(base.resolve("javascript:void(0)").has_value());
  EXPECT_FALSE(base.resolve("data:text/html,hi").has_value());
}

TEST(WebUrl, Directory) {
  EXPECT_EQ(Url::parse("http://h/docs/a.html")->directory(), "/docs/");
  EXPECT_EQ(Url::parse("http://h/docs/")->directory(), "/docs/");
  EXPECT_EQ(Url::parse("http://h")->directory(), "/");
}

TEST(Robots, TheSpecificGroupWinsOverTheStarGroup) {
  const auto robots = Robots::parse(
      "User-agent: *\nDisallow: /private/\n\n"
      "User-agent: Conhub-MCP\nUser-agent: other\nDisallow: /secret/\nAllow: /secret/open.html\n");
  EXPECT_TRUE(robots.allowed("/private/x.html"));  // only the conhub-mcp group applies
  EXPECT_FALSE(robots.allowed("/secret/x.html"));
  EXPECT_TRUE(robots.allowed("/secret/open.html"));
  EXPECT_TRUE(robots.allowed("/robots.txt"));
}

TEST(Robots, TheStarGroupAppliesWhenNoGroupNamesUs) {
  const auto robots = Robots::parse("# comment\nuser-agent: googlebot\ndisallow: /\n\nuser-agent: *\n"
                                    "disallow: /private/ # trailing\ndisallow: /*.pdf$\ndisallow:\n");
  EXPECT_FALSE(robots.allowed("/private/a"));
  EXPECT_TRUE(robots.allowed("/public/a"));
  EXPECT_FALSE(robots.allowed("/x/doc.pdf"));
  EXPECT_TRUE(robots.allowed("/x/doc.pdf?download=1"));
  EXPECT_TRUE(Robots::parse("").allowed("/any"));
  EXPECT_FALSE(Robots::disallow_all().allowed("/"));
}

TEST(Robots, LongestMatchWinsAndAllowWinsTies) {
  const auto robots = Robots::parse("User-agent: *\nDisallow: /a\nAllow: /a/b\nDisallow: /a/b/c\nAllow: /t\nDisallow: /t\n");
  EXPECT_FALSE(robots.allowed("/a/x"));
  EXPECT_TRUE(robots.allowed("/a/b/x"));
  EXPECT_FALSE(robots.allowed("/a/b/c"));
  EXPECT_TRUE(robots.allowed("/t"));
  EXPECT_TRUE(robots_pattern_matches("/*/x", "/a/b/x"));
  EXPECT_FALSE(robots_pattern_matches("/x$", "/x/y"));
}

}  // namespace
}  // namespace conhub::connectors::web
