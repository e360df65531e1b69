// HTML to Markdown for web_fetch: structure, links made absolute, dropped elements,
// entities, whitespace, and HTML that is broken in the usual ways.
#include "web/html_to_markdown.hpp"

#include <gtest/gtest.h>

namespace conhub::connectors::web {
namespace {

const Url kPage = *Url::parse("https://example.com/docs/guide/index.html");

std::string md(std::string_view html) { return html_to_markdown(html, kPage).markdown; }

TEST(HtmlToMarkdown, TitleHeadingsParagraphsAndLinks) {
  const auto page = html_to_markdown(
      "<!DOCTYPE html><html><head><title> The  Guide </title><meta charset=utf-8>"
      "<link rel=stylesheet href=x.css></head><body><h1>Intro</h1><p>First <b>bold</b> and <em>soft</em> "
      "<a href=\"../api.html#x\">API</a>.</p><h2>Next</h2><p>Second</p></body></html>",
      kPage);
  EXPECT_EQ(page.title, "The Guide");
  EXPECT_EQ(page.markdown,
            "# The Guide\n\n# Intro\n\nFirst **bold** and *soft* [API](https://example.com/docs/api.html#x).\n\n"
            "## Next\n\nSecond");
  ASSERT_EQ(page.links.size(), 1u);
  EXPECT_EQ(page.links[0].str(), "https://example.com/docs/api.html#x");
}

TEST(HtmlToMarkdown, ResolvesRelativeLinksAgainstThePageAndBaseHref) {
  EXPECT_EQ(md("<a href='/root'>r</a> <a href='sib.html'>s</a> <a href='//cdn.example.org/x'>c</a> "
               "<a href='?q=1'>q</a>"),
            "[r](https://example.com/root) [s](https://example.com/docs/guide/sib.html) "
            "[c](https://cdn.example.org/x) [q](https://example.com/docs/guide/index.html?q=1)");
  EXPECT_EQ(md("<head><base href='https://other.example/base/'></head><a href='x'>x</a>"),
            "[x](https://other.example/base/x)");
  // Links that are not http(s), and links without text, keep only what a reader sees.
  EXPECT_EQ(md("<a href='mailto:a@b.c'>mail</a> <a href='javascript:void(0)'>js</a> <a href='/x'> </a>end"),
            "mail js end");
}

TEST(HtmlToMarkdown, DropsScriptsStylesNavigationAndForms) {
  EXPECT_EQ(md("<p>keep</p><script>var a = '<p>no</p>';</script><style>p{}</style><noscript>no</noscript>"
               "<nav><a href=/>Home</a></nav><svg><title>icon</title><text>no</text></svg>"
               "<iframe src=x>no</iframe><form><input name=q><button>Go</button></form><template>no</template>"
               "<p>also kept</p>"),
            "keep\n\nalso kept");
  EXPECT_EQ(md("<SCRIPT type=text/javascript>document.write('</p>')</SCRIPT>ok"), "ok");
}

TEST(HtmlToMarkdown, DecodesNamedAndNumericEntities) {
  EXPECT_EQ(md("<p>a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; &eacute;&#233;&#xE9;&#XE9; &euro;&hellip;"
               " &copy 2024 &nbsp;x &unknown; &#0; &#x110000; &#150; &amp</p>"),
            "a & b <c> \"d\" 'e' \xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9 \xE2\x82\xAC\xE2\x80\xA6 &copy 2024 x &unknown; "
            "\xEF\xBF\xBD \xEF\xBF\xBD \xE2\x80\x93 &");
  EXPECT_EQ(decode_entities("&#128512;"), "\xF0\x9F\x98\x80");
  EXPECT_EQ(md("<a href='/a?x=1&amp;y=2'>q</a>"), "[q](https://example.com/a?x=1&y=2)");
}

TEST(HtmlToMarkdown, CollapsesWhitespace) {
  EXPECT_EQ(md("  <p>  one\n\n   two\t three  </p>\n\n\n<p>four</p>  "), "one two three\n\nfour");
  EXPECT_EQ(md("line<br>break<br/><br>x"), "line\nbreak\n\nx");
}

TEST(HtmlToMarkdown, ListsNestedAndOrdered) {
  EXPECT_EQ(md("<ul><li>one</li><li>two<ul><li>inner</li></ul></li></ul><ol start=3><li>c<li>d</ol>"),
            "- one\n- two\n  - inner\n\n3. c\n4. d");
}

TEST(HtmlToMarkdown, PreAndCodeKeepTheirText) {
  EXPECT_EQ(md("<p>Use <code>make  test</code>:</p><pre><code>\nint main() {\n  return 0; // &lt;ok&gt;\n}\n"
               "</code></pre>"),
            "Use `make test`:\n\n```\nint main() {\n  return 0; // <ok>\n}\n```");
}

TEST(HtmlToMarkdown, TablesBecomeRows) {
  EXPECT_EQ(md("<table><tr><th>Name</th><th>Size</th></tr><tr><td>a <b>file</b></td><td>1<br>KB</td></tr>"
               "<tr><td>b<td>2</table>"),
            "| Name | Size |\n| --- | --- |\n| a **file** | 1 KB |\n| b | 2 |");
}

TEST(HtmlToMarkdown, BlockquotesAndRules) {
  EXPECT_EQ(md("<blockquote><p>quoted</p><p>twice</p></blockquote><hr><p>after</p>"),
            "> quoted\n>\n> twice\n\n---\n\nafter");
}

TEST(HtmlToMarkdown, SurvivesMalformedHtml) {
  EXPECT_EQ(md("<p>one<p>two</div></span><p>three"), "one\n\ntwo\n\nthree");
  EXPECT_EQ(md("<a href=/a>first<a href=/b>second</a>"), "[first](https://example.com/a)[second](https://example.com/b)");
  EXPECT_EQ(md("a < b, 1<2 and x <= y"), "a < b, 1<2 and x <= y");
  EXPECT_EQ(md("c<d"), "c");  // "<d" opens a tag that never ends, as in browsers
  EXPECT_EQ(md("<p>unterminated <!-- comment"), "unterminated");
  EXPECT_EQ(md("<p title='x > y'>attr</p>"), "attr");
  EXPECT_EQ(md("<div><b>never closed"), "**never closed**");
  EXPECT_EQ(md("<ul><li>a<li>b"), "- a\n- b");
  EXPECT_EQ(md("<p>x</p><script>unterminated"), "x");
  EXPECT_EQ(md("<head><title>T</title><p>body without head end"), "# T\n\nbody without head end");
  EXPECT_EQ(md(""), "");
  EXPECT_EQ(md("<p"), "");
  EXPECT_EQ(md("<![CDATA[raw <b>]]>"), "raw <b>");
}

TEST(HtmlToMarkdown, TheTitleIsNotRepeatedWhenTheFirstHeadingMatches) {
  EXPECT_EQ(md("<title>Same</title><h1>Same</h1><p>x</p>"), "# Same\n\nx");
}

TEST(HtmlToMarkdown, ImagesKeepTheirAltText) {
  EXPECT_EQ(md("<p><img src='logo.png' alt='The logo'> <img src='spacer.gif'></p>"),
            "![The logo](https://example.com/docs/guide/logo.png)");
}

TEST(Utf8, SanitizesAndFindsBoundaries) {
  EXPECT_EQ(sanitize_utf8("ok\xC3\xA9"), "ok\xC3\xA9");
  EXPECT_EQ(sanitize_utf8("bad\xFF"), "bad\xEF\xBF\xBD");
  EXPECT_EQ(sanitize_utf8("\xC3"), "\xEF\xBF\xBD");
  EXPECT_EQ(sanitize_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  const std::string text = "a\xE2\x82\xAC" "b";  // a € b
  EXPECT_EQ(utf8_boundary(text, 2), 1u);
  EXPECT_EQ(utf8_boundary(text, 3), 1u);
  EXPECT_EQ(utf8_boundary(text, 4), 4u);
  EXPECT_EQ(utf8_boundary(text, 99), text.size());
}

}  // namespace
}  // namespace conhub::connectors::web

namespace conhub::connectors::web {
namespace {

TEST(HtmlToMarkdown, HostileNestingStaysLinear) {
  std::string quotes, lists, divs;
  for (int i = 0; i < 20'000; ++i) {
    quotes += "<blockquote>q";
    lists += "<ul><li>l";
    divs += "<div><a href=/x>a";
  }
  // Quoting and indentation stop growing after 8 levels, so the output stays near the input size.
  EXPECT_LT(md(quotes).size(), 20'000u * 40);
  EXPECT_LT(md(lists).size(), 20'000u * 24);
  const auto page = html_to_markdown(divs, kPage);
  EXPECT_LE(page.links.size(), 10'000u);
  EXPECT_NE(md("<blockquote><blockquote>deep</blockquote></blockquote>").find("> > deep"), std::string::npos);
}

}  // namespace
}  // namespace conhub::connectors::web
