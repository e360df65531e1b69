#include "http/link_header.hpp"

namespace conhub::connectors {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string lowered(std::string_view text) {
  std::string out(text);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// A cursor over one header value. Every read stops at the end of the text.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}
  bool done() const { return pos_ >= text_.size(); }
  char peek() const { return done() ? '\0' : text_[pos_]; }
  void skip_space() {
    while (!done() && is_space(text_[pos_])) ++pos_;
  }
  bool consume(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  /// Reads up to (not including) any of `stops`, or a space.
  std::string_view token(std::string_view stops) {
    const auto start = pos_;
    while (!done() && !is_space(text_[pos_]) && stops.find(text_[pos_]) == std::string_view::npos) ++pos_;
    return text_.substr(start, pos_ - start);
  }
  /// Reads a target after '<': everything up to '>'. False if '>' never comes.
  bool target(std::string& out) {
    const auto end = text_.find('>', pos_);
    if (end == std::string_view::npos) return false;
    out.assign(text_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return true;
  }
  /// RFC 9110 §5.6.4 quoted-string after the opening quote, with backslash escapes.
  bool quoted(std::string& out) {
    while (!done()) {
      const char c = text_[pos_++];
      if (c == '"') return true;
      if (c == '\\' && !done()) {
        out.push_back(text_[pos_++]);
      } else {
        out.push_back(c);
      }
    }
    return false;
  }
  /// Skips to just past the next ',' that is outside <…> and quotes (error recovery).
  void skip_link_value() {
    bool in_quotes = false, in_angle = false;
    while (!done()) {
      const char c = text_[pos_++];
      if (in_quotes) {
        if (c == '\\' && !done()) ++pos_;
        else if (c == '"') in_quotes = false;
      } else if (in_angle) {
        if (c == '>') in_angle = false;
      } else if (c == '"') {
        in_quotes = true;
      } else if (c == '<') {
        in_angle = true;
      } else if (c == ',') {
        return;
      }
    }
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

// Parses the `; name=value` list after a target. False on a syntax error.
bool parse_params(Scanner& in, Link& link) {
  bool seen_rel = false;
  while (true) {
    in.skip_space();
    if (in.done() || in.peek() == ',') return true;
    if (!in.consume(';')) return false;
    in.skip_space();
    if (in.done() || in.peek() == ',' || in.peek() == ';') continue;  // empty parameter
    const std::string name = lowered(in.token("=;,"));
    if (name.empty()) return false;
    in.skip_space();
    std::string value;
    if (in.consume('=')) {
      in.skip_space();
      if (in.consume('"')) {
        if (!in.quoted(value)) return false;
      } else {
        value.assign(in.token(";,"));
      }
    }
    // RFC 8288 §3.3: a second rel parameter is ignored.
    if (name == "rel" && !seen_rel) {
      seen_rel = true;
      std::size_t i = 0;
      while (i < value.size()) {
        while (i < value.size() && is_space(value[i])) ++i;
        const auto start = i;
        while (i < value.size() && !is_space(value[i])) ++i;
        if (i > start) link.rels.push_back(lowered(std::string_view(value).substr(start, i - start)));
      }
    }
    link.params.emplace_back(name, std::move(value));
  }
}

}  // namespace

bool Link::has_rel(std::string_view rel) const {
  for (const auto& r : rels)
    if (iequals(r, rel)) return true;
  return false;
}

std::vector<Link> parse_link_header(std::string_view value) {
  std::vector<Link> links;
  Scanner in(value);
  while (true) {
    in.skip_space();
    while (in.consume(',')) in.skip_space();
    if (in.done()) break;
    Link link;
    if (!in.consume('<') || !in.target(link.target) || !parse_params(in, link)) {
      in.skip_link_value();
      continue;
    }
    links.push_back(std::move(link));
  }
  return links;
}

std::optional<std::string> find_link(const Headers& headers, std::string_view rel) {
  for (const auto field : headers.get_all("Link"))
    for (auto& link : parse_link_header(field))
      if (link.has_rel(rel)) return std::move(link.target);
  return std::nullopt;
}

}  // namespace conhub::connectors
