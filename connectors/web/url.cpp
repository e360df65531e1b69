#include "web/url.hpp"

#include <algorithm>
#include <cctype>

#include "web/ascii.hpp"

namespace conhub::connectors::web {

namespace {

// WHATWG URL: leading/trailing C0 controls and spaces are stripped, tabs and newlines removed.
std::string clean(std::string_view text) {
  while (!text.empty() && static_cast<unsigned char>(text.front()) <= 0x20) text.remove_prefix(1);
  while (!text.empty() && static_cast<unsigned char>(text.back()) <= 0x20) text.remove_suffix(1);
  std::string out;
  for (const char c : text)
    if (c != '\t' && c != '\n' && c != '\r') out.push_back(c);
  return out;
}

// Percent-encodes what may not appear raw in a path, query or fragment (spaces, controls,
// non-ASCII bytes, and "<>\"`{}|\\^"); an existing %XX stays as it is.
std::string encode_unsafe(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c >= 0x7f || std::string_view("<>\"`{}|\\^").find(ch) != std::string_view::npos) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

int default_port(std::string_view scheme) { return scheme == "https" ? 443 : 80; }

struct Parts {
  std::optional<std::string> scheme;
  std::optional<std::string> authority;
  std::string path;
  std::optional<std::string> query;
  std::optional<std::string> fragment;
};

// RFC 3986 appendix B, by hand.
Parts split(std::string_view text) {
  Parts p;
  if (const auto hash = text.find('#'); hash != std::string_view::npos) {
    p.fragment = std::string(text.substr(hash + 1));
    text = text.substr(0, hash);
  }
  if (const auto q = text.find('?'); q != std::string_view::npos) {
    p.query = std::string(text.substr(q + 1));
    text = text.substr(0, q);
  }
  const auto colon = text.find(':');
  if (colon != std::string_view::npos && colon > 0 && std::isalpha(static_cast<unsigned char>(text[0]))) {
    const auto scheme = text.substr(0, colon);
    const bool valid = std::all_of(scheme.begin(), scheme.end(), [](unsigned char c) {
      return std::isalnum(c) || c == '+' || c == '-' || c == '.';
    });
    if (valid && text.substr(0, colon).find('/') == std::string_view::npos) {
      p.scheme = lower(scheme);
      text = text.substr(colon + 1);
    }
  }
  if (text.starts_with("//")) {
    text.remove_prefix(2);
    const auto end = text.find('/');
    p.authority = std::string(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end);
  }
  p.path = std::string(text);
  return p;
}

bool parse_authority(std::string_view authority, std::string_view scheme, Url& out) {
  if (authority.find('@') != std::string_view::npos) return false;  // no credentials in URLs
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return false;
    host = authority.substr(0, close + 1);
    const auto rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':') return false;
      port = rest.substr(1);
    }
  } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  while (host.size() > 1 && host.back() == '.' && host.front() != '[') host.remove_suffix(1);
  if (host.empty() || host == "[]") return false;
  for (const char c : host)
    if (static_cast<unsigned char>(c) <= 0x20 || std::string_view("/\\?#%<>^|").find(c) != std::string_view::npos)
      return false;
  out.host = lower(host);
  out.port = default_port(scheme);
  if (!port.empty()) {
    if (port.size() > 5 || !std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); }))
      return false;
    const int n = std::stoi(std::string(port));
    if (n <= 0 || n > 65535) return false;
    out.port = n;
  }
  return true;
}

std::optional<Url> make(const std::string& scheme, std::string_view authority, std::string_view path,
                        const std::optional<std::string>& query, const std::optional<std::string>& fragment) {
  if (scheme != "http" && scheme != "https") return std::nullopt;
  Url url;
  url.scheme = scheme;
  if (!parse_authority(authority, scheme, url)) return std::nullopt;
  std::string p = std::string(path);
  std::replace(p.begin(), p.end(), '\\', '/');  // browsers treat '\' as '/' in http(s) paths
  url.path = encode_unsafe(remove_dot_segments(p.empty() ? "/" : p));
  if (!url.path.starts_with('/')) url.path.insert(0, "/");
  if (query) url.query = encode_unsafe(*query);
  if (fragment) url.fragment = encode_unsafe(*fragment);
  return url;
}

}  // namespace

std::string remove_dot_segments(std::string_view input) {
  std::string in(input);
  std::string out;
  while (!in.empty()) {
    if (in.starts_with("../")) {
      in.erase(0, 3);
    } else if (in.starts_with("./")) {
      in.erase(0, 2);
    } else if (in.starts_with("/./")) {
      in.erase(0, 2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.starts_with("/../") || in == "/..") {
      in = in == "/.." ? "/" : in.substr(3);
      const auto last = out.rfind('/');
      out.erase(last == std::string::npos ? 0 : last);
    } else if (in == "." || in == "..") {
      in.clear();
    } else {
      const auto next = in.find('/', in[0] == '/' ? 1 : 0);
      out += in.substr(0, next);
      in.erase(0, next == std::string::npos ? in.size() : next);
    }
  }
  return out;
}

std::optional<Url> Url::parse(std::string_view text) {
  const std::string cleaned = clean(text);
  Parts p = split(cleaned);
  if (!p.scheme || !p.authority) return std::nullopt;
  return make(*p.scheme, *p.authority, p.path, p.query, p.fragment);
}

std::optional<Url> Url::resolve(std::string_view reference) const {
  const std::string cleaned = clean(reference);
  Parts r = split(cleaned);
  if (r.scheme) {
    if (*r.scheme != "http" && *r.scheme != "https") return std::nullopt;
    // "http:path" without "//" is a relative reference in browsers when the scheme matches.
    if (!r.authority) {
      if (*r.scheme != scheme) return std::nullopt;
      r.scheme.reset();
    } else {
      return make(*r.scheme, *r.authority, r.path, r.query, r.fragment);
    }
  }
  const std::string authority = [&] {
    const bool default_port = port == (scheme == "https" ? 443 : 80);
    return default_port ? host : host + ":" + std::to_string(port);
  }();
  if (r.authority) return make(scheme, *r.authority, r.path, r.query, r.fragment);
  if (r.path.empty()) {
    return make(scheme, authority, path, r.query ? r.query : query, r.fragment);
  }
  std::string merged;
  if (r.path.starts_with('/')) {
    merged = r.path;
  } else {
    merged = path.substr(0, path.rfind('/') + 1) + r.path;
  }
  return make(scheme, authority, merged, r.query, r.fragment);
}

std::string Url::origin() const {
  std::string out = scheme + "://" + host;
  if (port != default_port(scheme)) out += ":" + std::to_string(port);
  return out;
}

std::string Url::without_fragment() const {
  std::string out = origin() + path;
  if (query) out += "?" + *query;
  return out;
}

std::string Url::str() const {
  std::string out = without_fragment();
  if (fragment) out += "#" + *fragment;
  return out;
}

std::string Url::bare_host() const {
  if (host.size() >= 2 && host.front() == '[') return host.substr(1, host.size() - 2);
  return host;
}

std::string Url::directory() const { return path.substr(0, path.rfind('/') + 1); }

}  // namespace conhub::connectors::web
