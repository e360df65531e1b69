#include "conhub/store/tokens.hpp"

#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace conhub::store {
namespace {

using test::TempHome;

TEST(Tokens, CreatedTokenVerifiesToItsWorkspace) {
  TempHome home;
  auto db = test::open_db(home);
  ASSERT_TRUE(Workspaces(db).create("work").ok());
  Tokens tokens(db);
  auto created = tokens.create("work", "ci");
  ASSERT_TRUE(created.ok()) << created.error().message;
  const std::string token(created->token.reveal());
  EXPECT_EQ(token.rfind("chub_", 0), 0u);
  EXPECT_EQ(token.size(), 5u + 16 + 1 + 43);
  auto verified = tokens.verify(token);
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(verified->workspace, "work");
  EXPECT_EQ(verified->id, created->info.id);
  auto listed = tokens.list(std::string("work"));
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_TRUE((*listed)[0].last_used_at.has_value());
  EXPECT_EQ((*listed)[0].label, "ci");
}

TEST(Tokens, StoresOnlyAHash) {
  TempHome home;
  auto db = test::open_db(home);
  auto created = Tokens(db).create("default", "");
  ASSERT_TRUE(created.ok());
  const std::string secret_part(created->token.reveal().substr(22));
  auto s = db.prepare("SELECT hex(hash), public_id, COALESCE(label, '') FROM access_tokens");
  ASSERT_TRUE(*s->step());
  EXPECT_EQ(s->column_text(0).size(), 64u);  // 32-byte digest
  EXPECT_EQ(s->column_text(0).find(secret_part), std::string::npos);
  EXPECT_EQ(s->column_text(1), created->info.id);
}

TEST(Tokens, RejectsWrongMalformedAndRevokedTokens) {
  TempHome home;
  auto db = test::open_db(home);
  Tokens tokens(db);
  auto created = tokens.create("default", "");
  ASSERT_TRUE(created.ok());
  std::string token(created->token.reveal());
  std::string wrong = token;
  wrong.back() = wrong.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(tokens.verify(wrong).error().kind, ErrorKind::kUnauthorized);
  EXPECT_EQ(tokens.verify("chub_short").error().kind, ErrorKind::kUnauthorized);
  EXPECT_EQ(tokens.verify("").error().kind, ErrorKind::kUnauthorized);
  std::string unknown = token;
  unknown[5] = unknown[5] == '0' ? '1' : '0';
  EXPECT_EQ(tokens.verify(unknown).error().kind, ErrorKind::kUnauthorized);

  EXPECT_FALSE(tokens.revoke(created->info.id, std::string("other")).ok());
  auto revoked = tokens.revoke(created->info.id, std::string("default"));
  ASSERT_TRUE(revoked.ok());
  EXPECT_TRUE(revoked->revoked_at.has_value());
  auto after = tokens.verify(token);
  ASSERT_FALSE(after.ok());
  EXPECT_NE(after.error().message.find("revoked"), std::string::npos);
  EXPECT_TRUE(tokens.revoke(created->info.id, std::nullopt).ok());  // idempotent
  EXPECT_EQ(tokens.revoke("0000000000000000", std::nullopt).error().kind, ErrorKind::kNotFound);
}

TEST(Tokens, TokensAreUnique) {
  TempHome home;
  auto db = test::open_db(home);
  Tokens tokens(db);
  auto a = tokens.create("default", "");
  auto b = tokens.create("default", "");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->token.reveal(), b->token.reveal());
  EXPECT_NE(a->info.id, b->info.id);
}

TEST(Tokens, CreateNeedsAnExistingWorkspace) {
  TempHome home;
  auto db = test::open_db(home);
  EXPECT_EQ(Tokens(db).create("nope", "").error().kind, ErrorKind::kNotFound);
}

}  // namespace
}  // namespace conhub::store
