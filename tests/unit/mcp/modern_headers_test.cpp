// 2026-07-28 mirror headers (basic/transports/streamable-http § Server Validation).
#include "transport/modern_headers.hpp"

#include <gtest/gtest.h>

using conhub::mcp::detail::check_modern_headers;
using conhub::mcp::detail::ModernHeaders;
using nlohmann::json;

namespace {

json request(const std::string& method, json params = json::object()) {
  params["_meta"] = {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
                     {"io.modelcontextprotocol/clientCapabilities", json::object()}};
  return {{"jsonrpc", "2.0"}, {"id", 1}, {"method", method}, {"params", params}};
}

ModernHeaders headers(std::string method, std::vector<std::string> name = {}) {
  return {{"2026-07-28"}, {std::move(method)}, std::move(name)};
}

}  // namespace

TEST(ModernHeaders, MatchingHeadersPass) {
  EXPECT_FALSE(check_modern_headers(headers("tools/list"), request("tools/list")));
  EXPECT_FALSE(check_modern_headers(headers("tools/call", {"echo"}), request("tools/call", {{"name", "echo"}})));
  EXPECT_FALSE(check_modern_headers(headers("resources/read", {"test://a"}), request("resources/read", {{"uri", "test://a"}})));
}

TEST(ModernHeaders, MissingOrDifferentMethodIsNamed) {
  auto missing = check_modern_headers({{"2026-07-28"}, {}, {}}, request("tools/list"));
  ASSERT_TRUE(missing);
  EXPECT_NE(missing->find("Mcp-Method"), std::string::npos);
  auto different = check_modern_headers(headers("prompts/list"), request("tools/list"));
  ASSERT_TRUE(different);
  EXPECT_NE(different->find("does not match"), std::string::npos);
}

TEST(ModernHeaders, ValuesAreCaseSensitive) {
  EXPECT_TRUE(check_modern_headers(headers("TOOLS/LIST"), request("tools/list")));
}

TEST(ModernHeaders, NameIsRequiredWhereTheBodyHasOne) {
  EXPECT_TRUE(check_modern_headers(headers("tools/call"), request("tools/call", {{"name", "echo"}})));
  EXPECT_TRUE(check_modern_headers(headers("tools/call", {"other"}), request("tools/call", {{"name", "echo"}})));
  EXPECT_TRUE(check_modern_headers(headers("prompts/get", {"a", "a"}), request("prompts/get", {{"name", "a"}})));
}

TEST(ModernHeaders, VersionHeaderMustEqualTheBody) {
  ModernHeaders old_version{{"2025-11-25"}, {"tools/list"}, {}};
  auto problem = check_modern_headers(old_version, request("tools/list"));
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("MCP-Protocol-Version"), std::string::npos);
  EXPECT_TRUE(check_modern_headers({{}, {"tools/list"}, {}}, request("tools/list")));
}

TEST(ModernHeaders, Base64EncodedNameIsDecoded) {
  // "héllo" in UTF-8, base64: aMOpbGxv
  EXPECT_FALSE(check_modern_headers(headers("tools/call", {"=?base64?aMOpbGxv?="}), request("tools/call", {{"name", "héllo"}})));
  EXPECT_TRUE(check_modern_headers(headers("tools/call", {"=?base64?aMOpbGxv?="}), request("tools/call", {{"name", "hello"}})));
  EXPECT_TRUE(check_modern_headers(headers("tools/call", {"=?base64?!!!?="}), request("tools/call", {{"name", "!!!"}})));
}

TEST(ModernHeaders, PercentEncodedUrisMatchTheirDecodedHeader) {
  // httplib hands us header values percent-decoded.
  EXPECT_FALSE(check_modern_headers(headers("resources/read", {"file:///a b"}),
                                    request("resources/read", {{"uri", "file:///a%20b"}})));
}

TEST(ModernHeaders, ControlCharactersAreRefused) {
  EXPECT_TRUE(check_modern_headers(headers("tools/call", {"ec\x01ho"}), request("tools/call", {{"name", "ec\x01ho"}})));
}
