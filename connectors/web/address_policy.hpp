// AddressPolicy: the web connector's SSRF guard. It decides whether a connection may be
// opened to a resolved socket address: loopback, private, link-local (cloud metadata),
// CGNAT, multicast, broadcast, unspecified and reserved ranges are refused unless the
// connection's allow list names the address (CIDR) or the host name. It is consulted by the
// HttpClient's socket hook for every connection, so odd spellings of an address in a URL
// (0x7f000001, 2130706433) and DNS names are judged by what they resolve to.
// Thread-safety: immutable after make(); check() may run on any thread.
#pragma once

#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace conhub::connectors::web {

/// An IPv4 or IPv6 address. IPv4 is kept in the first 4 bytes.
struct IpAddress {
  bool v4 = true;
  std::array<std::uint8_t, 16> bytes{};

  /// Strict textual forms only (dotted quad, RFC 4291 IPv6 without brackets or zone).
  static std::optional<IpAddress> parse(std::string_view text);
  static std::optional<IpAddress> from_sockaddr(const sockaddr* address, socklen_t length);
  /// An IPv6 address that carries an IPv4 one (::ffff:a.b.c.d, ::a.b.c.d, 64:ff9b::a.b.c.d,
  /// 2002:AABB:CCDD::) as that IPv4 address; anything else unchanged.
  IpAddress unwrapped() const;
  std::string to_string() const;
  bool operator==(const IpAddress&) const = default;
};

struct Cidr {
  IpAddress network;
  int prefix = 0;
  bool contains(const IpAddress& address) const;  // compares unwrapped addresses
};

/// Why an address is not public ("loopback", "private", "link-local (cloud metadata)", …),
/// or nullopt for a public address.
std::optional<std::string> forbidden_range(const IpAddress& address);

/// Host names that reach cloud metadata services whatever they resolve to.
bool is_metadata_host(std::string_view host);

class AddressPolicy {
 public:
  /// Entries are CIDRs ("10.1.0.0/16", "fd00::/8"), single addresses ("10.0.0.5", "::1") or
  /// host names ("wiki.corp.example"). The error names the bad entry and why.
  static std::variant<AddressPolicy, std::string> make(const std::vector<std::string>& allow);
  AddressPolicy() = default;

  /// nullopt when a connection to `address`, reached through URL host `host`, is allowed;
  /// else the reason, e.g. "10.0.0.5 is a private address" or
  /// "localhost (127.0.0.1) is a loopback address".
  std::optional<std::string> check(std::string_view host, const IpAddress& address) const;
  std::optional<std::string> check(std::string_view host, const sockaddr* address, socklen_t length) const;
  /// The URL-text check made before any request: metadata host names are refused unless
  /// allowed by name.
  std::optional<std::string> check_host(std::string_view host) const;
  /// Whether the allow list names this host (case-insensitive, trailing dot ignored).
  bool host_allowed(std::string_view host) const;

  const std::vector<std::string>& entries() const { return entries_; }

 private:
  std::vector<std::string> entries_;  // as given, for messages
  std::vector<Cidr> cidrs_;
  std::vector<std::string> hosts_;  // lower case, no trailing dot
};

/// "10.1.0.0/16" or "10.0.0.5" (as /32 or /128); an error message when malformed or when
/// bits are set past the prefix.
std::variant<Cidr, std::string> parse_cidr(std::string_view text);

}  // namespace conhub::connectors::web
