#include "conhub/store/secret.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace conhub::store {
namespace {

TEST(Secret, BareTextBecomesApiKey) {
  auto s = Secret::parse("  sk-abc123\n");
  ASSERT_TRUE(s.ok());
  auto j = nlohmann::json::parse(s->reveal());
  EXPECT_EQ(j["kind"], "api_key");
  EXPECT_EQ(j["api_key"], "sk-abc123");
  EXPECT_EQ(s->auth_method(), "api_key");
}

TEST(Secret, AcceptsOAuthObject) {
  auto s = Secret::parse(R"({"access_token":"a","refresh_token":"r","expires_at":"2030-01-01T00:00:00Z",)"
                         R"("scopes":["repo"],"instance_url":"https://gitlab.example"})");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->auth_method(), "oauth2");
}

TEST(Secret, RejectsMalformedJsonWithoutQuotingIt) {
  auto s = Secret::parse("{\"api_key\": \"hunter2-very-secret\"");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message.find("hunter2"), std::string::npos);
}

TEST(Secret, RejectsEmptyAndShapelessSecrets) {
  EXPECT_FALSE(Secret::parse(" \n").ok());
  EXPECT_FALSE(Secret::parse(R"({"kind":"oauth2"})").ok());
  EXPECT_FALSE(Secret::parse(R"({"kind":"magic","x":"y"})").ok());
  EXPECT_FALSE(Secret::parse("two\nlines").ok());
}

TEST(Secret, FormatsAsPlaceholder) {
  auto s = Secret::parse("hunter2-very-secret");
  ASSERT_TRUE(s.ok());
  const auto text = fmt::format("{}", *s);
  EXPECT_EQ(text.find("hunter2"), std::string::npos);
  EXPECT_NE(text.find("redacted"), std::string::npos);
}

TEST(Secret, MovedFromIsEmpty) {
  auto s = Secret::parse("value-1");
  ASSERT_TRUE(s.ok());
  Secret moved = std::move(*s);
  EXPECT_TRUE(s->empty());  // NOLINT: checking the moved-from state on purpose
  EXPECT_FALSE(moved.empty());
}

}  // namespace
}  // namespace conhub::store
