#include "web/address_policy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <cstring>

#include <fmt/format.h>

#include "web/ascii.hpp"

namespace conhub::connectors::web {

namespace {

std::string lower_host(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  while (!host.empty() && host.back() == '.') host.remove_suffix(1);
  return lower(host);
}

bool in_v4(const IpAddress& a, std::uint8_t b0, std::uint8_t b1, std::uint8_t b2, std::uint8_t b3, int prefix) {
  const Cidr range{.network = {.v4 = true, .bytes = {b0, b1, b2, b3}}, .prefix = prefix};
  return range.contains(a);
}

bool in_v6(const IpAddress& a, std::initializer_list<std::uint8_t> head, int prefix) {
  IpAddress network{.v4 = false};
  std::copy(head.begin(), head.end(), network.bytes.begin());
  return Cidr{.network = network, .prefix = prefix}.contains(a);
}

// WHATWG URL: a host whose last label is a number ("2130706433", "1.0x7f", "0x7f000001") is
// parsed as an IPv4 address, so such an entry is an address in disguise, not a name.
bool ends_in_number(std::string_view name) {
  const auto dot = name.rfind('.');
  std::string_view last = dot == std::string_view::npos ? name : name.substr(dot + 1);
  if (last.empty()) return false;
  if (last.size() >= 2 && last[0] == '0' && (last[1] == 'x' || last[1] == 'X'))
    return std::all_of(last.begin() + 2, last.end(), [](unsigned char c) { return std::isxdigit(c); });
  return std::all_of(last.begin(), last.end(), [](unsigned char c) { return std::isdigit(c); });
}

bool valid_host_name(std::string_view name) {
  if (name.empty() || name.size() > 253 || ends_in_number(name)) return false;
  std::size_t label = 0;
  for (const char ch : name) {
    if (ch == '.') {
      if (label == 0) return false;
      label = 0;
      continue;
    }
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_')) return false;
    if (++label > 63) return false;
  }
  return label > 0;
}

}  // namespace

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  const std::string s(text);
  IpAddress out;
  if (inet_pton(AF_INET, s.c_str(), out.bytes.data()) == 1) return out;
  out.v4 = false;
  if (inet_pton(AF_INET6, s.c_str(), out.bytes.data()) == 1) return out;
  return std::nullopt;
}

std::optional<IpAddress> IpAddress::from_sockaddr(const sockaddr* address, socklen_t length) {
  if (address == nullptr) return std::nullopt;
  IpAddress out;
  if (address->sa_family == AF_INET && length >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    sockaddr_in in{};
    std::memcpy(&in, address, sizeof in);
    std::memcpy(out.bytes.data(), &in.sin_addr, 4);
    return out;
  }
  if (address->sa_family == AF_INET6 && length >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, address, sizeof in6);
    out.v4 = false;
    std::memcpy(out.bytes.data(), &in6.sin6_addr, 16);
    return out;
  }
  return std::nullopt;  // AF_UNIX and others: never a web address
}

IpAddress IpAddress::unwrapped() const {
  if (v4) return *this;
  const auto& b = bytes;
  const auto zero = [&](int from, int to) {
    for (int i = from; i < to; ++i)
      if (b[i] != 0) return false;
    return true;
  };
  IpAddress inner;
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (the deprecated compatible form, not :: or ::1),
  // 64:ff9b::a.b.c.d (NAT64, RFC 6052).
  const bool mapped = zero(0, 10) && b[10] == 0xff && b[11] == 0xff;
  const bool compatible = zero(0, 12) && !(zero(12, 15) && b[15] <= 1);
  const bool nat64 = b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && zero(4, 12);
  if (mapped || compatible || nat64) {
    std::copy(b.begin() + 12, b.end(), inner.bytes.begin());
    return inner;
  }
  if (b[0] == 0x20 && b[1] == 0x02) {  // 6to4 (RFC 3056): 2002:AABB:CCDD::/48
    std::copy(b.begin() + 2, b.begin() + 6, inner.bytes.begin());
    return inner;
  }
  return *this;
}

std::string IpAddress::to_string() const {
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(v4 ? AF_INET : AF_INET6, bytes.data(), text, sizeof text);
  return text;
}

bool Cidr::contains(const IpAddress& address) const {
  const IpAddress a = address.unwrapped();
  const IpAddress n = network.unwrapped();
  if (a.v4 != n.v4) return false;
  int bits = prefix;
  for (std::size_t i = 0; bits > 0; ++i, bits -= 8) {
    const std::uint8_t mask = bits >= 8 ? 0xff : static_cast<std::uint8_t>(0xff << (8 - bits));
    if ((a.bytes[i] & mask) != (n.bytes[i] & mask)) return false;
  }
  return true;
}

std::optional<std::string> forbidden_range(const IpAddress& address) {
  const IpAddress a = address.unwrapped();
  if (a.v4) {
    if (in_v4(a, 0, 0, 0, 0, 32)) return "unspecified";
    if (in_v4(a, 0, 0, 0, 0, 8)) return "reserved (\"this network\", 0.0.0.0/8)";
    if (in_v4(a, 127, 0, 0, 0, 8)) return "loopback";
    if (in_v4(a, 10, 0, 0, 0, 8) || in_v4(a, 172, 16, 0, 0, 12) || in_v4(a, 192, 168, 0, 0, 16)) return "private";
    if (in_v4(a, 169, 254, 169, 254, 32)) return "link-local (cloud metadata)";
    if (in_v4(a, 169, 254, 0, 0, 16)) return "link-local";
    if (in_v4(a, 100, 64, 0, 0, 10)) return "shared (CGNAT, 100.64.0.0/10)";
    if (in_v4(a, 192, 0, 0, 0, 24)) return "reserved (IETF protocol assignments, 192.0.0.0/24)";
    if (in_v4(a, 198, 18, 0, 0, 15)) return "reserved (benchmarking, 198.18.0.0/15)";
    if (in_v4(a, 224, 0, 0, 0, 4)) return "multicast";
    if (in_v4(a, 255, 255, 255, 255, 32)) return "broadcast";
    if (in_v4(a, 240, 0, 0, 0, 4)) return "reserved (240.0.0.0/4)";
    return std::nullopt;
  }
  if (in_v6(a, {}, 128)) return "unspecified";
  if (in_v6(a, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 128)) return "loopback";
  if (in_v6(a, {0xfc}, 7)) return "private (unique local, fc00::/7)";
  if (in_v6(a, {0xfe, 0x80}, 10)) return "link-local";
  if (in_v6(a, {0xfe, 0xc0}, 10)) return "private (site-local, fec0::/10)";
  if (in_v6(a, {0xff}, 8)) return "multicast";
  if (in_v6(a, {0x01, 0x00}, 64)) return "reserved (discard, 100::/64)";
  if (in_v6(a, {0x00, 0x00}, 96)) return "reserved (::/96)";
  return std::nullopt;
}

bool is_metadata_host(std::string_view host) {
  static constexpr std::string_view kNames[] = {"metadata.google.internal", "metadata.goog", "metadata",
                                                "instance-data", "instance-data.ec2.internal",
                                                "metadata.azure.internal"};
  const std::string h = lower_host(host);
  return std::find(std::begin(kNames), std::end(kNames), h) != std::end(kNames);
}

std::variant<Cidr, std::string> parse_cidr(std::string_view text) {
  const auto slash = text.find('/');
  const auto address_text = text.substr(0, slash);
  const auto address = IpAddress::parse(address_text);
  if (!address) return fmt::format("'{}' is not an IPv4 or IPv6 address", address_text);
  const int max = address->v4 ? 32 : 128;
  int prefix = max;
  if (slash != std::string_view::npos) {
    const auto digits = text.substr(slash + 1);
    if (digits.empty() || digits.size() > 3 || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return fmt::format("'{}' has no valid prefix length after '/'", text);
    prefix = std::stoi(std::string(digits));
    if (prefix > max) return fmt::format("'{}': the prefix length must be 0..{}", text, max);
  }
  const Cidr cidr{.network = *address, .prefix = prefix};
  // Bits past the prefix are most likely a typo (10.1.2.3/16 for 10.1.0.0/16): refuse them.
  for (int bit = prefix; bit < max; ++bit)
    if (address->bytes[bit / 8] & (0x80 >> (bit % 8)))
      return fmt::format("'{}' has bits set past the /{} prefix (write the network address)", text, prefix);
  return cidr;
}

std::variant<AddressPolicy, std::string> AddressPolicy::make(const std::vector<std::string>& allow) {
  AddressPolicy policy;
  for (const auto& raw : allow) {
    std::string_view entry = raw;
    while (!entry.empty() && std::isspace(static_cast<unsigned char>(entry.front()))) entry.remove_prefix(1);
    while (!entry.empty() && std::isspace(static_cast<unsigned char>(entry.back()))) entry.remove_suffix(1);
    if (entry.empty()) return std::string("an allow list entry is empty");
    const bool looks_like_address = entry.find('/') != std::string_view::npos ||
                                    entry.find(':') != std::string_view::npos || IpAddress::parse(entry).has_value();
    if (looks_like_address) {
      auto cidr = parse_cidr(entry);
      if (auto* error = std::get_if<std::string>(&cidr)) return "allow list: " + *error;
      policy.cidrs_.push_back(std::get<Cidr>(cidr));
    } else {
      const std::string host = lower_host(entry);
      if (!valid_host_name(host))
        return fmt::format("allow list: '{}' is neither a CIDR, an IP address nor a host name "
                           "(numeric hosts must be written as dotted IPv4 or IPv6 addresses)", entry);
      policy.hosts_.push_back(host);
    }
    policy.entries_.emplace_back(entry);
  }
  return policy;
}

bool AddressPolicy::host_allowed(std::string_view host) const {
  const std::string h = lower_host(host);
  return std::find(hosts_.begin(), hosts_.end(), h) != hosts_.end();
}

std::optional<std::string> AddressPolicy::check_host(std::string_view host) const {
  if (host_allowed(host)) return std::nullopt;
  if (is_metadata_host(host)) return fmt::format("{} is a cloud metadata host name", lower_host(host));
  return std::nullopt;
}

std::optional<std::string> AddressPolicy::check(std::string_view host, const IpAddress& address) const {
  if (host_allowed(host)) return std::nullopt;  // a named host may resolve anywhere (documented)
  if (auto by_name = check_host(host)) return by_name;
  for (const auto& cidr : cidrs_)
    if (cidr.contains(address)) return std::nullopt;
  const auto range = forbidden_range(address);
  if (!range) return std::nullopt;
  const std::string shown = address.to_string();
  const std::string name = lower_host(host);
  const char* article = std::string_view("aeiou").find((*range)[0]) != std::string_view::npos ? "an" : "a";
  if (name.empty() || name == shown) return fmt::format("{} is {} {} address", shown, article, *range);
  return fmt::format("{} ({}) is {} {} address", name, shown, article, *range);
}

std::optional<std::string> AddressPolicy::check(std::string_view host, const sockaddr* address, socklen_t length) const {
  const auto ip = IpAddress::from_sockaddr(address, length);
  if (!ip) return fmt::format("{} resolved to a non-IP socket address", lower_host(host));
  return check(host, *ip);
}

}  // namespace conhub::connectors::web
