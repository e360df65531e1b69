// Url: the absolute http(s) URLs the web connector fetches and the links it follows.
// Parsing is deliberately small (RFC 3986 with the WHATWG habits browsers have: tabs and
// newlines dropped, spaces and non-ASCII bytes percent-encoded, scheme and host lower-cased),
// and reference resolution follows RFC 3986 §5.2 including dot-segment removal. Whether an
// address may be reached is not decided here (address_policy.hpp judges resolved addresses).
// Thread-safety: value type.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace conhub::connectors::web {

struct Url {
  std::string scheme;  // "http" or "https"
  std::string host;    // lower case; an IPv6 literal keeps its brackets
  int port = 0;        // the explicit port, or 80/443
  std::string path = "/";
  std::optional<std::string> query;     // without '?'
  std::optional<std::string> fragment;  // without '#'

  /// An absolute http or https URL; nullopt for anything else (other schemes, user:password@,
  /// no host, a bad port).
  static std::optional<Url> parse(std::string_view text);
  /// `reference` (an href) resolved against this URL; nullopt when it is not http(s)
  /// (mailto:, javascript:, data:, …) or malformed.
  std::optional<Url> resolve(std::string_view reference) const;

  /// scheme://host[:port] with the port only when it is not the scheme's default.
  std::string origin() const;
  std::string str() const;  // with the fragment
  std::string without_fragment() const;
  /// The host without IPv6 brackets.
  std::string bare_host() const;
  /// The path up to and including its last '/' ("/docs/a.html" → "/docs/").
  std::string directory() const;
};

/// RFC 3986 §5.2.4.
std::string remove_dot_segments(std::string_view path);

}  // namespace conhub::connectors::web
