// HTML to readable Markdown for the web connector: the page title as `# `, headings,
// paragraphs, links as [text](absolute-url), lists, pre/code blocks, tables as `|` rows,
// with script, style, noscript, nav, head, svg, iframe, form and template dropped, entities
// (named and numeric) decoded and whitespace collapsed. A forgiving one-pass converter, not
// an HTML5 parser: unclosed and misnested tags are closed the way browsers mostly do
// (p, li, td/th, tr, a), stray end tags are ignored, and it never throws on bad input.
// Also collects the page's links (resolved, for the crawler). Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "web/url.hpp"

namespace conhub::connectors::web {

struct HtmlPage {
  std::string title;     // the <title>, whitespace collapsed ("" when none)
  std::string markdown;  // starts with "# <title>" when there is a title
  std::vector<Url> links;  // <a href> targets resolved against the page (or <base href>), in order; the first 10,000
};

HtmlPage html_to_markdown(std::string_view html, const Url& page_url);

/// Decodes character references: named (&amp; &eacute; …, the common ones), decimal and hex
/// (&#233; &#xE9;). Invalid code points become U+FFFD; unknown names stay as written.
std::string decode_entities(std::string_view text);

/// Appends the UTF-8 encoding of `code_point` (U+FFFD for surrogates and out-of-range values).
void append_utf8(std::string& out, char32_t code_point);

/// Replaces every invalid UTF-8 sequence with U+FFFD.
std::string sanitize_utf8(std::string_view text);

/// The largest n ≤ `at` that does not fall inside a UTF-8 sequence of `text`.
std::size_t utf8_boundary(std::string_view text, std::size_t at);

}  // namespace conhub::connectors::web
