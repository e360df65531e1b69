// The web connector's SSRF guard: every refused range (IPv4, IPv6, IPv4 inside IPv6), the
// metadata host names, and the allow list (CIDRs, addresses, host names) with its errors.
#include "web/address_policy.hpp"

#include <netinet/in.h>

#include <cstring>

#include <gtest/gtest.h>

namespace conhub::connectors::web {
namespace {

IpAddress ip(const char* text) {
  auto parsed = IpAddress::parse(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  return parsed.value_or(IpAddress{});
}

AddressPolicy policy(std::vector<std::string> allow = {}) {
  auto made = AddressPolicy::make(allow);
  EXPECT_TRUE(std::holds_alternative<AddressPolicy>(made)) << std::get<std::string>(made);
  return std::get<AddressPolicy>(made);
}

TEST(AddressPolicy, RefusesEveryNonPublicIPv4Range) {
  const AddressPolicy p = policy();
  for (const char* address : {"127.0.0.1", "127.255.255.254", "10.0.0.1", "10.255.255.255", "172.16.0.1",
                              "172.31.255.255", "192.168.1.1", "169.254.169.254", "169.254.0.1", "0.0.0.0",
                              "0.1.2.3", "100.64.0.1", "100.127.255.255", "224.0.0.1", "239.255.255.250",
                              "255.255.255.255", "240.0.0.1", "192.0.0.8", "198.18.0.1"})
    EXPECT_TRUE(p.check(address, ip(address)).has_value()) << address;
}

TEST(AddressPolicy, AllowsPublicIPv4AndTheEdgesOfTheRanges) {
  const AddressPolicy p = policy();
  for (const char* address : {"8.8.8.8", "1.1.1.1", "93.184.216.34", "172.15.255.255", "172.32.0.0",
                              "100.63.255.255", "100.128.0.0", "169.253.255.255", "11.0.0.0", "126.255.255.255",
                              "128.0.0.0", "223.255.255.255", "192.169.0.0"})
    EXPECT_FALSE(p.check(address, ip(address)).has_value()) << address;
}

TEST(AddressPolicy, RefusesNonPublicIPv6) {
  const AddressPolicy p = policy();
  for (const char* address : {"::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "febf::1", "fec0::1", "ff02::1",
                              "100::1", "fd00:ec2::254"})
    EXPECT_TRUE(p.check(address, ip(address)).has_value()) << address;
  EXPECT_FALSE(p.check("2606:4700::1111", ip("2606:4700::1111")).has_value());
  EXPECT_FALSE(p.check("2001:db9::1", ip("2001:4860:4860::8888")).has_value());
}

TEST(AddressPolicy, JudgesIPv4InsideIPv6ByTheIPv4Address) {
  const AddressPolicy p = policy();
  for (const char* address : {"::ffff:127.0.0.1", "::ffff:10.0.0.5", "::ffff:169.254.169.254", "::127.0.0.1",
                              "64:ff9b::10.0.0.1", "2002:7f00:1::1", "::ffff:0.0.0.0"})
    EXPECT_TRUE(p.check(address, ip(address)).has_value()) << address;
  EXPECT_FALSE(p.check("x", ip("::ffff:8.8.8.8")).has_value());
  EXPECT_EQ(*forbidden_range(ip("::ffff:127.0.0.1")), "loopback");
}

TEST(AddressPolicy, NamesTheAddressTheHostAndTheRange) {
  const AddressPolicy p = policy();
  EXPECT_EQ(*p.check("10.0.0.5", ip("10.0.0.5")), "10.0.0.5 is a private address");
  EXPECT_EQ(*p.check("localhost", ip("127.0.0.1")), "localhost (127.0.0.1) is a loopback address");
  EXPECT_EQ(*p.check("[::1]", ip("::1")), "::1 is a loopback address");
  EXPECT_EQ(*p.check("169.254.169.254", ip("169.254.169.254")),
            "169.254.169.254 is a link-local (cloud metadata) address");
  EXPECT_EQ(*p.check("0x7f000001", ip("127.0.0.1")), "0x7f000001 (127.0.0.1) is a loopback address");
}

TEST(AddressPolicy, ChecksSocketAddresses) {
  const AddressPolicy p = policy();
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  v4.sin_addr.s_addr = htonl(0x7f000001);
  EXPECT_TRUE(p.check("h", reinterpret_cast<const sockaddr*>(&v4), sizeof v4).has_value());
  v4.sin_addr.s_addr = htonl(0x08080808);
  EXPECT_FALSE(p.check("h", reinterpret_cast<const sockaddr*>(&v4), sizeof v4).has_value());
  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  const auto mapped = ip("::ffff:192.168.0.1");
  std::memcpy(&v6.sin6_addr, mapped.bytes.data(), 16);
  EXPECT_TRUE(p.check("h", reinterpret_cast<const sockaddr*>(&v6), sizeof v6).has_value());
  // Too short for its family, or not an IP family: refused, never read past the end.
  EXPECT_TRUE(p.check("h", reinterpret_cast<const sockaddr*>(&v4), 4).has_value());
  sockaddr unix_address{};
  unix_address.sa_family = AF_UNIX;
  EXPECT_TRUE(p.check("h", &unix_address, sizeof unix_address).has_value());
}

TEST(AddressPolicy, RefusesMetadataHostNamesWhateverTheyResolveTo) {
  const AddressPolicy p = policy();
  EXPECT_TRUE(p.check_host("metadata.google.internal").has_value());
  EXPECT_TRUE(p.check_host("METADATA.google.internal.").has_value());
  EXPECT_TRUE(p.check("metadata.google.internal", ip("8.8.8.8")).has_value());
  EXPECT_FALSE(p.check_host("example.com").has_value());
}

TEST(AddressPolicy, AllowListCidrsAndAddressesOpenTheirRangeOnly) {
  const AddressPolicy p = policy({"10.1.0.0/16", "127.0.0.1/32", "fd00::/8", "192.168.5.5"});
  EXPECT_FALSE(p.check("a", ip("10.1.2.3")).has_value());
  EXPECT_TRUE(p.check("a", ip("10.2.0.1")).has_value());
  EXPECT_FALSE(p.check("a", ip("127.0.0.1")).has_value());
  EXPECT_FALSE(p.check("a", ip("::ffff:127.0.0.1")).has_value());  // the same address, mapped
  EXPECT_TRUE(p.check("a", ip("127.0.0.2")).has_value());
  EXPECT_TRUE(p.check("a", ip("::1")).has_value());
  EXPECT_FALSE(p.check("a", ip("fd12::1")).has_value());
  EXPECT_TRUE(p.check("a", ip("fc00::1")).has_value());
  EXPECT_FALSE(p.check("a", ip("192.168.5.5")).has_value());
  EXPECT_TRUE(p.check("a", ip("192.168.5.6")).has_value());
  EXPECT_TRUE(p.check("a", ip("169.254.169.254")).has_value());
}

TEST(AddressPolicy, AllowListHostNamesAllowWhateverTheNameResolvesTo) {
  const AddressPolicy p = policy({"wiki.corp.example", "Intranet."});
  EXPECT_FALSE(p.check("wiki.corp.example", ip("10.9.9.9")).has_value());
  EXPECT_FALSE(p.check("WIKI.corp.example.", ip("127.0.0.1")).has_value());
  EXPECT_FALSE(p.check("intranet", ip("192.168.0.1")).has_value());
  EXPECT_TRUE(p.check("other.corp.example", ip("10.9.9.9")).has_value());
  EXPECT_TRUE(p.check("corp.example", ip("10.9.9.9")).has_value());
}

TEST(AddressPolicy, RejectsMalformedAllowEntries) {
  for (const char* bad : {"10.1.0.0/33", "10.1.2.3/16", "::1/129", "10.0.0.0/", "10.0.0.0/x", "1.2.3/24",
                          "2130706433", "0x7f000001", "bad host", "*.corp.example", "", "a..b", "fe80::1%eth0"}) {
    auto made = AddressPolicy::make({bad});
    ASSERT_TRUE(std::holds_alternative<std::string>(made)) << bad;
    EXPECT_FALSE(std::get<std::string>(made).empty());
  }
  EXPECT_NE(std::get<std::string>(AddressPolicy::make({"10.1.2.3/16"})).find("10.1.2.3/16"), std::string::npos);
}

TEST(AddressPolicy, ParsesCidrs) {
  auto c = std::get<Cidr>(parse_cidr("172.16.0.0/12"));
  EXPECT_TRUE(c.contains(ip("172.20.1.1")));
  EXPECT_FALSE(c.contains(ip("172.32.0.1")));
  EXPECT_EQ(std::get<Cidr>(parse_cidr("10.0.0.5")).prefix, 32);
  EXPECT_EQ(std::get<Cidr>(parse_cidr("::1")).prefix, 128);
  EXPECT_TRUE(std::get<Cidr>(parse_cidr("0.0.0.0/0")).contains(ip("8.8.8.8")));
}

TEST(AddressPolicy, IpAddressParsingIsStrict) {
  for (const char* odd : {"0x7f000001", "2130706433", "017700000001", "127.1", "127.0.0.1.", "[::1]", ""})
    EXPECT_FALSE(IpAddress::parse(odd).has_value()) << odd;
  EXPECT_EQ(ip("::ffff:7f00:1").unwrapped().to_string(), "127.0.0.1");
}

}  // namespace
}  // namespace conhub::connectors::web
