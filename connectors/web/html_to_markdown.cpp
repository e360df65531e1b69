#include "web/html_to_markdown.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <optional>
#include <utility>

#include "web/ascii.hpp"

namespace conhub::connectors::web {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::size_t find_ci(std::string_view hay, std::string_view needle, std::size_t from) {
  if (needle.empty() || hay.size() < needle.size()) return std::string_view::npos;
  for (std::size_t i = from; i + needle.size() <= hay.size(); ++i) {
    bool same = true;
    for (std::size_t j = 0; j < needle.size() && same; ++j)
      same = std::tolower(static_cast<unsigned char>(hay[i + j])) == needle[j];
    if (same) return i;
  }
  return std::string_view::npos;
}

// The named references pages commonly use (HTML's full table has 2,231; unknown ones stay
// as written, which is what a browser shows for a typo too).
constexpr std::pair<std::string_view, char32_t> kEntities[] = {
    {"amp", '&'},       {"lt", '<'},         {"gt", '>'},         {"quot", '"'},       {"apos", '\''},
    {"nbsp", ' '},      {"copy", 0xA9},      {"reg", 0xAE},       {"trade", 0x2122},   {"hellip", 0x2026},
    {"mdash", 0x2014},  {"ndash", 0x2013},   {"lsquo", 0x2018},   {"rsquo", 0x2019},   {"ldquo", 0x201C},
    {"rdquo", 0x201D},  {"sbquo", 0x201A},   {"bdquo", 0x201E},   {"laquo", 0xAB},     {"raquo", 0xBB},
    {"lsaquo", 0x2039}, {"rsaquo", 0x203A},  {"middot", 0xB7},    {"bull", 0x2022},    {"deg", 0xB0},
    {"plusmn", 0xB1},   {"times", 0xD7},     {"divide", 0xF7},    {"euro", 0x20AC},    {"pound", 0xA3},
    {"yen", 0xA5},      {"cent", 0xA2},      {"sect", 0xA7},      {"para", 0xB6},      {"shy", 0xAD},
    {"iexcl", 0xA1},    {"iquest", 0xBF},    {"acute", 0xB4},     {"micro", 0xB5},     {"frac12", 0xBD},
    {"frac14", 0xBC},   {"frac34", 0xBE},    {"sup2", 0xB2},      {"sup3", 0xB3},      {"ordf", 0xAA},
    {"ordm", 0xBA},     {"not", 0xAC},       {"larr", 0x2190},    {"rarr", 0x2192},    {"uarr", 0x2191},
    {"darr", 0x2193},   {"harr", 0x2194},    {"rArr", 0x21D2},    {"lArr", 0x21D0},    {"le", 0x2264},
    {"ge", 0x2265},     {"ne", 0x2260},      {"asymp", 0x2248},   {"infin", 0x221E},   {"minus", 0x2212},
    {"prime", 0x2032},  {"Prime", 0x2033},   {"dagger", 0x2020},  {"Dagger", 0x2021},  {"permil", 0x2030},
    {"thinsp", 0x2009}, {"ensp", 0x2002},    {"emsp", 0x2003},    {"zwj", 0x200D},     {"zwnj", 0x200C},
    {"alpha", 0x3B1},   {"beta", 0x3B2},     {"gamma", 0x3B3},    {"delta", 0x3B4},    {"pi", 0x3C0},
    {"sigma", 0x3C3},   {"mu", 0x3BC},       {"lambda", 0x3BB},   {"omega", 0x3C9},    {"Omega", 0x3A9},
    {"Agrave", 0xC0},   {"Aacute", 0xC1},    {"Acirc", 0xC2},     {"Atilde", 0xC3},    {"Auml", 0xC4},
    {"Aring", 0xC5},    {"AElig", 0xC6},     {"Ccedil", 0xC7},    {"Egrave", 0xC8},    {"Eacute", 0xC9},
    {"Ecirc", 0xCA},    {"Euml", 0xCB},      {"Igrave", 0xCC},    {"Iacute", 0xCD},    {"Icirc", 0xCE},
    {"Iuml", 0xCF},     {"Ntilde", 0xD1},    {"Ograve", 0xD2},    {"Oacute", 0xD3},    {"Ocirc", 0xD4},
    {"Otilde", 0xD5},   {"Ouml", 0xD6},      {"Oslash", 0xD8},    {"Ugrave", 0xD9},    {"Uacute", 0xDA},
    {"Ucirc", 0xDB},    {"Uuml", 0xDC},      {"Yacute", 0xDD},    {"szlig", 0xDF},     {"agrave", 0xE0},
    {"aacute", 0xE1},   {"acirc", 0xE2},     {"atilde", 0xE3},    {"auml", 0xE4},      {"aring", 0xE5},
    {"aelig", 0xE6},    {"ccedil", 0xE7},    {"egrave", 0xE8},    {"eacute", 0xE9},    {"ecirc", 0xEA},
    {"euml", 0xEB},     {"igrave", 0xEC},    {"iacute", 0xED},    {"icirc", 0xEE},     {"iuml", 0xEF},
    {"ntilde", 0xF1},   {"ograve", 0xF2},    {"oacute", 0xF3},    {"ocirc", 0xF4},     {"otilde", 0xF5},
    {"ouml", 0xF6},     {"oslash", 0xF8},    {"ugrave", 0xF9},    {"uacute", 0xFA},    {"ucirc", 0xFB},
    {"uuml", 0xFC},     {"yacute", 0xFD},    {"yuml", 0xFF},      {"OElig", 0x152},    {"oelig", 0x153},
    {"Scaron", 0x160},  {"scaron", 0x161},   {"Yuml", 0x178},     {"fnof", 0x192},     {"circ", 0x2C6},
    {"tilde", 0x2DC},   {"check", 0x2713},   {"hearts", 0x2665},  {"star", 0x2606},
};

// HTML numeric references in 0x80..0x9F mean Windows-1252 characters (HTML §13.2.5.80).
constexpr std::array<char32_t, 32> kWindows1252 = {
    0x20AC, 0x81,   0x201A, 0x192,  0x201E, 0x2026, 0x2020, 0x2021, 0x2C6,  0x2030, 0x160,
    0x2039, 0x152,  0x8D,   0x17D,  0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x2DC,  0x2122, 0x161,  0x203A, 0x153,  0x9D,   0x17E,  0x178};

constexpr std::string_view kDropped[] = {"script", "style", "noscript", "nav",    "head",   "svg",  "iframe",
                                         "form",   "template", "select", "canvas", "object", "math", "noembed",
                                         "noframes"};
constexpr std::string_view kRawText[] = {"script", "style", "noscript", "iframe", "noembed", "noframes", "xmp"};
constexpr std::string_view kVoid[] = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                                      "meta", "param", "source", "track", "wbr", "keygen"};
constexpr std::string_view kBlock[] = {"div",    "section", "article", "main",   "header",  "footer",
                                       "aside",  "figure",  "figcaption", "address", "details", "summary",
                                       "dl",     "dt",      "dd",      "center", "fieldset", "legend",
                                       "caption", "hgroup", "body",    "html",   "li",      "ul",
                                       "ol",     "table",   "tr",      "pre",    "blockquote", "p",
                                       "h1",     "h2",      "h3",      "h4",     "h5",      "h6",
                                       "hr",     "menu",    "nav",     "form"};

template <std::size_t N>
bool in(const std::string_view (&set)[N], std::string_view name) {
  return std::find(std::begin(set), std::end(set), name) != std::end(set);
}

int heading_level(std::string_view name) {
  return name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6' ? name[1] - '0' : 0;
}

constexpr std::size_t kMaxNesting = 8;   // list indentation and blockquote levels shown
constexpr std::size_t kMaxOpen = 256;     // open elements tracked
constexpr std::size_t kMaxLinks = 10'000;  // links collected for the crawler

using Attributes = std::vector<std::pair<std::string, std::string>>;

std::optional<std::string> attribute(const Attributes& attrs, std::string_view name) {
  for (const auto& [k, v] : attrs)
    if (k == name) return v;
  return std::nullopt;
}

// Markdown link targets: parentheses and spaces would end the target early.
std::string link_target(const std::string& url) {
  std::string out;
  for (const char c : url) {
    if (c == '(') out += "%28";
    else if (c == ')') out += "%29";
    else if (c == ' ') out += "%20";
    else out.push_back(c);
  }
  return out;
}

class Converter {
 public:
  explicit Converter(const Url& page) : base_(page) {}

  HtmlPage run(std::string_view html);

 private:
  struct Open {
    std::string name;
    std::size_t position = 0;  // out_.size() when it opened
    std::string href;          // a: the resolved target
  };
  struct List {
    bool ordered = false;
    int next = 1;
  };
  struct Table {
    int rows = 0;
    int cells = 0;  // in the current row
    bool row_open = false;
  };

  void text(std::string_view decoded);
  void start(const std::string& name, const Attributes& attrs, bool self_closing);
  void end(const std::string& name);
  void close_top();
  void close_to(std::size_t index);
  std::optional<std::size_t> find_open(std::string_view name, std::initializer_list<std::string_view> stops = {}) const;

  void flush_space();
  void trim_trailing_spaces();
  void newline();
  void blank_line();
  bool inline_only() const { return inline_only_ > 0; }

  Url base_;
  bool base_set_ = false;
  std::string out_;
  std::string title_;
  bool title_seen_ = false;
  std::vector<Url> links_;
  std::vector<Open> stack_;
  std::vector<List> lists_;
  std::vector<Table> tables_;
  bool pending_space_ = false;
  std::size_t no_space_at_ = 0;  // out_.size() right after an opener ("[", "**", "`"): no space there
  int pre_ = 0;
  std::size_t quotes_ = 0;  // open blockquotes
  int inline_only_ = 0;  // headings and table cells: block breaks become spaces
  std::string skip_;     // the dropped element being skipped
  int skip_depth_ = 0;
};

void Converter::flush_space() {
  if (pending_space_ && !out_.empty() && out_.back() != '\n' && out_.back() != ' ' && out_.size() != no_space_at_)
    out_.push_back(' ');
  pending_space_ = false;
}

void Converter::trim_trailing_spaces() {
  while (!out_.empty() && out_.back() == ' ') out_.pop_back();
}

void Converter::newline() {
  if (pre_ > 0) return;
  if (inline_only()) {
    pending_space_ = true;
    return;
  }
  pending_space_ = false;
  trim_trailing_spaces();
  if (!out_.empty() && out_.back() != '\n') out_.push_back('\n');
}

void Converter::blank_line() {
  if (pre_ > 0) return;
  if (inline_only() || !lists_.empty()) {
    newline();
    return;
  }
  newline();
  if (!out_.empty() && !out_.ends_with("\n\n")) out_.push_back('\n');
}

void Converter::text(std::string_view decoded) {
  if (pre_ > 0) {
    if (out_.ends_with("```\n") && decoded.starts_with('\n')) decoded.remove_prefix(1);  // HTML drops it
    out_.append(decoded);
    return;
  }
  for (const char c : decoded) {
    if (is_space(c)) {
      pending_space_ = true;
      continue;
    }
    flush_space();
    out_.push_back(c);
  }
}

std::optional<std::size_t> Converter::find_open(std::string_view name,
                                               std::initializer_list<std::string_view> stops) const {
  for (std::size_t i = stack_.size(); i-- > 0;) {
    if (stack_[i].name == name) return i;
    if (std::find(stops.begin(), stops.end(), stack_[i].name) != stops.end()) return std::nullopt;
  }
  return std::nullopt;
}

void Converter::close_to(std::size_t index) {
  while (stack_.size() > index) close_top();
}

void Converter::start(const std::string& name, const Attributes& attrs, bool self_closing) {
  // Implied end tags, the common cases of HTML's tree construction.
  if (name == "li") {
    if (auto i = find_open("li", {"ul", "ol", "menu"})) close_to(*i);
  } else if (name == "td" || name == "th") {
    if (auto i = find_open("td", {"tr", "table"})) close_to(*i);
    if (auto i = find_open("th", {"tr", "table"})) close_to(*i);
  } else if (name == "tr") {
    if (auto i = find_open("tr", {"table"})) close_to(*i);
  } else if (name == "a") {
    if (auto i = find_open("a")) close_to(*i);
  } else if (name == "dt" || name == "dd") {
    if (auto i = find_open("dt", {"dl"})) close_to(*i);
    if (auto i = find_open("dd", {"dl"})) close_to(*i);
  }
  if (in(kBlock, name) && name != "li" && name != "dt" && name != "dd" && name != "tr") {
    if (auto i = find_open("p", {"table", "li", "blockquote", "div", "td", "th"})) close_to(*i);
  }

  if (name == "base") {
    if (auto href = attribute(attrs, "href"); href && !base_set_) {
      if (auto resolved = base_.resolve(*href)) base_ = *resolved;
      base_set_ = true;
    }
    return;
  }
  if (name == "br") {
    if (pre_ > 0) out_.push_back('\n');
    else if (inline_only()) pending_space_ = true;
    else {
      trim_trailing_spaces();
      pending_space_ = false;
      if (!out_.ends_with("\n\n")) out_.push_back('\n');
    }
    return;
  }
  if (name == "hr") {
    blank_line();
    out_ += "---";
    blank_line();
    return;
  }
  if (name == "img") {
    const auto alt = attribute(attrs, "alt");
    const auto src = attribute(attrs, "src");
    if (alt && !alt->empty() && src && pre_ == 0) {
      std::string clean;
      for (const char c : *alt) clean.push_back(is_space(c) ? ' ' : c);
      if (auto url = base_.resolve(*src)) {
        flush_space();
        out_ += "![" + clean + "](" + link_target(url->str()) + ")";
      } else {
        text(clean);
      }
    }
    return;
  }
  if (in(kVoid, name) || self_closing) return;
  // Deeper elements are read as plain text containers: every stack search stays bounded,
  // whatever a page nests.
  if (stack_.size() >= kMaxOpen) return;

  Open open{.name = name, .position = out_.size()};
  if (const int level = heading_level(name)) {
    blank_line();
    out_ += std::string(static_cast<std::size_t>(level), '#') + " ";
    ++inline_only_;
  } else if (name == "p") {
    blank_line();
  } else if (name == "pre") {
    blank_line();
    out_ += "```\n";
    ++pre_;
  } else if (name == "blockquote") {
    blank_line();
    open.position = out_.size();
    ++quotes_;
  } else if (name == "ul" || name == "ol" || name == "menu") {
    if (lists_.empty()) blank_line();
    else newline();
    List list{.ordered = name == "ol"};
    if (auto s = attribute(attrs, "start")) {
      try {
        list.next = std::stoi(*s);
      } catch (const std::exception&) {
        list.next = 1;  // not a number: as if absent
      }
    }
    lists_.push_back(list);
  } else if (name == "li") {
    newline();
    // Indentation stops growing at kMaxNesting: a hostile page nesting lists 100,000 deep
    // must not make the output quadratic.
    const std::size_t depth = lists_.empty() ? 0 : std::min(lists_.size() - 1, kMaxNesting);
    out_ += std::string(2 * depth, ' ');
    if (!lists_.empty() && lists_.back().ordered) out_ += std::to_string(lists_.back().next++) + ". ";
    else out_ += "- ";
  } else if (name == "table") {
    blank_line();
    tables_.push_back({});
  } else if (name == "tr") {
    if (!tables_.empty()) {
      newline();
      out_ += "|";
      tables_.back().row_open = true;
      tables_.back().cells = 0;
    }
  } else if (name == "td" || name == "th") {
    if (!tables_.empty() && tables_.back().row_open) {
      out_ += " ";
      ++tables_.back().cells;
    }
    ++inline_only_;
  } else if (name == "a") {
    if (auto href = attribute(attrs, "href")) {
      if (auto url = base_.resolve(*href)) {
        if (links_.size() < kMaxLinks) links_.push_back(*url);
        open.href = url->str();
      }
    }
    if (pre_ == 0) {
      flush_space();
      open.position = out_.size();
      out_ += "[";
      no_space_at_ = out_.size();
    }
  } else if (pre_ == 0 && (name == "strong" || name == "b")) {
    flush_space();
    open.position = out_.size();
    out_ += "**";
    no_space_at_ = out_.size();
  } else if (pre_ == 0 && (name == "em" || name == "i")) {
    flush_space();
    open.position = out_.size();
    out_ += "*";
    no_space_at_ = out_.size();
  } else if (pre_ == 0 && (name == "code" || name == "kbd" || name == "samp" || name == "tt")) {
    flush_space();
    open.position = out_.size();
    out_ += "`";
    no_space_at_ = out_.size();
  } else if (in(kBlock, name)) {
    newline();
  }
  stack_.push_back(std::move(open));
}

void Converter::close_top() {
  Open open = std::move(stack_.back());
  stack_.pop_back();
  const std::string& name = open.name;
  auto wrap_inline = [&](std::string_view marker) {
    if (out_.size() == open.position + marker.size()) {
      out_.resize(open.position);  // nothing inside: drop the opener
      return;
    }
    trim_trailing_spaces();
    out_ += marker;
  };
  if (heading_level(name)) {
    --inline_only_;
    blank_line();
  } else if (name == "p") {
    blank_line();
  } else if (name == "pre") {
    --pre_;
    if (!out_.ends_with('\n')) out_.push_back('\n');
    out_ += "```";
    blank_line();
  } else if (name == "blockquote" && quotes_-- > kMaxNesting) {
    newline();  // too deep to quote again (each level rewrites its content once)
  } else if (name == "blockquote") {
    newline();
    std::string inner = out_.substr(std::min(open.position, out_.size()));
    out_.resize(std::min(open.position, out_.size()));
    while (!inner.empty() && inner.back() == '\n') inner.pop_back();
    std::string quoted;
    std::size_t start = 0;
    while (start <= inner.size() && !inner.empty()) {
      const auto end = inner.find('\n', start);
      const auto line = std::string_view(inner).substr(start, end == std::string::npos ? std::string::npos : end - start);
      quoted += line.empty() ? ">\n" : "> " + std::string(line) + "\n";
      if (end == std::string::npos) break;
      start = end + 1;
    }
    out_ += quoted;
    blank_line();
  } else if (name == "ul" || name == "ol" || name == "menu") {
    if (!lists_.empty()) lists_.pop_back();
    if (lists_.empty()) blank_line();
    else newline();
  } else if (name == "li") {
    newline();
  } else if (name == "td" || name == "th") {
    --inline_only_;
    pending_space_ = false;
    trim_trailing_spaces();
    if (!tables_.empty() && tables_.back().row_open) out_ += " |";
  } else if (name == "tr") {
    if (!tables_.empty() && tables_.back().row_open) {
      auto& table = tables_.back();
      table.row_open = false;
      newline();
      // After the first row, the separator a Markdown table needs.
      if (table.rows++ == 0 && table.cells > 0) {
        out_ += "|";
        for (int i = 0; i < table.cells; ++i) out_ += " --- |";
        out_ += "\n";
      }
    }
  } else if (name == "table") {
    if (!tables_.empty()) tables_.pop_back();
    blank_line();
  } else if (name == "a") {
    if (pre_ > 0) return;
    const std::string_view inner = std::string_view(out_).substr(std::min(open.position + 1, out_.size()));
    const bool empty = std::all_of(inner.begin(), inner.end(), [](char c) { return is_space(c); });
    if (empty) {
      out_.resize(open.position);
    } else if (open.href.empty() || open.href.starts_with("javascript:")) {
      out_.erase(open.position, 1);
    } else {
      trim_trailing_spaces();
      out_ += "](" + link_target(open.href) + ")";
    }
  } else if (pre_ == 0 && (name == "strong" || name == "b")) {
    wrap_inline("**");
  } else if (pre_ == 0 && (name == "em" || name == "i")) {
    wrap_inline("*");
  } else if (pre_ == 0 && (name == "code" || name == "kbd" || name == "samp" || name == "tt")) {
    wrap_inline("`");
  } else if (in(kBlock, name)) {
    newline();
  }
}

void Converter::end(const std::string& name) {
  if (name == "br") {  // </br> is a <br> in browsers
    start("br", {}, false);
    return;
  }
  if (auto i = find_open(name)) {
    close_to(*i + 1);
    close_top();
  }
}

HtmlPage Converter::run(std::string_view html) {
  std::size_t i = 0;
  const std::size_t n = html.size();
  std::size_t text_start = 0;
  auto flush_text = [&](std::size_t to) {
    if (to > text_start && skip_.empty()) text(decode_entities(html.substr(text_start, to - text_start)));
  };
  while (i < n) {
    if (html[i] != '<') {
      ++i;
      continue;
    }
    // Comments, doctype, CDATA, processing instructions.
    if (html.substr(i, 4) == "<!--") {
      flush_text(i);
      const auto close = html.find("-->", i + 4);
      i = close == std::string_view::npos ? n : close + 3;
      text_start = i;
      continue;
    }
    if (html.substr(i, 9) == "<![CDATA[") {
      flush_text(i);
      const auto close = html.find("]]>", i + 9);
      const auto stop = close == std::string_view::npos ? n : close;
      if (skip_.empty()) text(html.substr(i + 9, stop - i - 9));
      i = close == std::string_view::npos ? n : close + 3;
      text_start = i;
      continue;
    }
    if (i + 1 < n && (html[i + 1] == '!' || html[i + 1] == '?')) {
      flush_text(i);
      const auto close = html.find('>', i);
      i = close == std::string_view::npos ? n : close + 1;
      text_start = i;
      continue;
    }
    const bool closing = i + 1 < n && html[i + 1] == '/';
    const std::size_t name_start = i + (closing ? 2 : 1);
    if (name_start >= n || !std::isalpha(static_cast<unsigned char>(html[name_start]))) {
      ++i;  // a lone '<' is text
      continue;
    }
    flush_text(i);
    std::size_t j = name_start;
    while (j < n && !is_space(html[j]) && html[j] != '>' && html[j] != '/') ++j;
    const std::string name = lower(html.substr(name_start, j - name_start));
    // Attributes, with quoted values that may contain '>'.
    Attributes attrs;
    bool self_closing = false;
    while (j < n && html[j] != '>') {
      if (is_space(html[j])) {
        ++j;
        continue;
      }
      if (html[j] == '/') {
        self_closing = true;
        ++j;
        continue;
      }
      self_closing = false;
      const std::size_t key_start = j;
      while (j < n && !is_space(html[j]) && html[j] != '>' && html[j] != '=' && html[j] != '/') ++j;
      std::string key = lower(html.substr(key_start, j - key_start));
      while (j < n && is_space(html[j])) ++j;
      std::string value;
      if (j < n && html[j] == '=') {
        ++j;
        while (j < n && is_space(html[j])) ++j;
        if (j < n && (html[j] == '"' || html[j] == '\'')) {
          const char quote = html[j];
          const auto close = html.find(quote, j + 1);
          const auto stop = close == std::string_view::npos ? n : close;
          value = decode_entities(html.substr(j + 1, stop - j - 1));
          j = close == std::string_view::npos ? n : close + 1;
        } else {
          const std::size_t value_start = j;
          while (j < n && !is_space(html[j]) && html[j] != '>') ++j;
          value = decode_entities(html.substr(value_start, j - value_start));
        }
      }
      if (key.empty()) {
        ++j;
        continue;
      }
      attrs.emplace_back(std::move(key), std::move(value));
    }
    i = j < n ? j + 1 : n;
    text_start = i;

    if (!closing && (name == "title" || name == "textarea")) {
      // RCDATA: text up to the end tag, entities decoded.
      const auto close = find_ci(html, "</" + name, i);
      const auto stop = close == std::string_view::npos ? n : close;
      const std::string inner = decode_entities(html.substr(i, stop - i));
      if (name == "title" && !title_seen_ && (skip_.empty() || skip_ == "head")) {
        title_seen_ = true;
        for (const char c : inner) {
          if (is_space(c)) {
            if (!title_.empty() && title_.back() != ' ') title_.push_back(' ');
          } else {
            title_.push_back(c);
          }
        }
        while (!title_.empty() && title_.back() == ' ') title_.pop_back();
      } else if (name == "textarea" && skip_.empty()) {
        text(inner);
      }
      const auto end_of_tag = close == std::string_view::npos ? n : html.find('>', close);
      i = end_of_tag == std::string_view::npos ? n : end_of_tag + 1;
      text_start = i;
      continue;
    }
    if (!closing && in(kRawText, name)) {
      // Raw text: nothing inside is markup. All of these are dropped elements.
      const auto close = find_ci(html, "</" + name, i);
      const auto end_of_tag = close == std::string_view::npos ? n : html.find('>', close);
      i = end_of_tag == std::string_view::npos ? n : end_of_tag + 1;
      text_start = i;
      continue;
    }
    // A body element ends an unclosed <head>, as in browsers.
    if (skip_ == "head" && !closing && (name == "body" || (in(kBlock, name) && name != "nav" && name != "form")))
      skip_.clear();
    if (!skip_.empty()) {
      if (name == "base" && !closing) start(name, attrs, self_closing);
      if (name == skip_) skip_depth_ += closing ? -1 : (self_closing ? 0 : 1);
      if (skip_depth_ <= 0) skip_.clear();
      continue;
    }
    if (!closing && in(kDropped, name)) {
      if (!self_closing) {
        skip_ = name;
        skip_depth_ = 1;
      }
      continue;
    }
    if (closing) end(name);
    else start(name, attrs, self_closing);
  }
  flush_text(n);
  close_to(0);

  // Tidy: no trailing spaces, at most one blank line in a row outside code blocks.
  std::string tidy;
  tidy.reserve(out_.size());
  int newlines = 0;
  bool in_code = false;
  std::size_t pos = 0;
  while (pos <= out_.size()) {
    const auto end = out_.find('\n', pos);
    std::string line = out_.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    if (line.starts_with("```")) in_code = !in_code;
    if (!in_code) {
      while (!line.empty() && line.back() == ' ') line.pop_back();
    }
    if (line.empty() && !in_code) {
      ++newlines;
    } else {
      if (!tidy.empty()) tidy += newlines > 0 ? "\n\n" : "\n";
      newlines = 0;
      tidy += line;
    }
    if (end == std::string::npos) break;
    pos = end + 1;
  }

  HtmlPage page;
  page.title = title_;
  if (!title_.empty() && !tidy.starts_with("# " + title_ + "\n") && tidy != "# " + title_)
    page.markdown = "# " + title_ + (tidy.empty() ? "" : "\n\n" + tidy);
  else
    page.markdown = std::move(tidy);
  page.links = std::move(links_);
  return page;
}

}  // namespace

void append_utf8(std::string& out, char32_t cp) {
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string decode_entities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c != '&') {
      out.push_back(c);
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    if (j < text.size() && text[j] == '#') {
      ++j;
      const bool hex = j < text.size() && (text[j] == 'x' || text[j] == 'X');
      if (hex) ++j;
      const std::size_t digits_start = j;
      std::uint32_t value = 0;
      while (j < text.size() && (hex ? std::isxdigit(static_cast<unsigned char>(text[j]))
                                     : std::isdigit(static_cast<unsigned char>(text[j])))) {
        const auto d = static_cast<unsigned char>(text[j]);
        const std::uint32_t digit = std::isdigit(d) ? d - '0' : (std::tolower(d) - 'a' + 10);
        value = std::min<std::uint32_t>(value * (hex ? 16 : 10) + digit, 0x110000);
        ++j;
      }
      if (j == digits_start) {  // "&#" without digits: literal
        out.push_back('&');
        ++i;
        continue;
      }
      if (j < text.size() && text[j] == ';') ++j;
      char32_t cp = value;
      if (cp == 0) cp = 0xFFFD;
      else if (cp >= 0x80 && cp <= 0x9F) cp = kWindows1252[cp - 0x80];
      append_utf8(out, cp);
      i = j;
      continue;
    }
    while (j < text.size() && std::isalnum(static_cast<unsigned char>(text[j])) && j - i <= 32) ++j;
    const std::string_view name = text.substr(i + 1, j - i - 1);
    const bool semicolon = j < text.size() && text[j] == ';';
    const auto* found = std::find_if(std::begin(kEntities), std::end(kEntities),
                                     [&](const auto& e) { return e.first == name; });
    // Without ';' only the legacy few are recognised, as browsers do.
    const bool legacy = name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "nbsp";
    if (found != std::end(kEntities) && (semicolon || legacy)) {
      append_utf8(out, found->second);
      i = semicolon ? j + 1 : j;
    } else {
      out.push_back('&');
      ++i;
    }
  }
  return out;
}

std::string sanitize_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = 0;
    char32_t min = 0;
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    if ((c & 0xE0) == 0xC0) { len = 2; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { len = 3; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { len = 4; min = 0x10000; }
    bool ok = len > 0 && i + len <= text.size();
    char32_t cp = len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; ok && k < len; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      ok = (next & 0xC0) == 0x80;
      cp = (cp << 6) | (next & 0x3F);
    }
    ok = ok && cp >= min && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    if (ok) {
      out.append(text.substr(i, len));
      i += len;
    } else {
      append_utf8(out, 0xFFFD);
      ++i;
    }
  }
  return out;
}

std::size_t utf8_boundary(std::string_view text, std::size_t at) {
  if (at >= text.size()) return text.size();
  while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
  return at;
}

HtmlPage html_to_markdown(std::string_view html, const Url& page_url) { return Converter(page_url).run(html); }

}  // namespace conhub::connectors::web
