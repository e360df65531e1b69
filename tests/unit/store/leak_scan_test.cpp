// After storing known secrets (connection credentials, an access token) and provoking the
// error paths, neither the database file, its WAL, nor the captured logs hold any of them.
#include <gtest/gtest.h>

#include "conhub/store/audit_log.hpp"
#include "conhub/store/audit_redaction.hpp"
#include "conhub/store/key_rotation.hpp"
#include "conhub/store/tokens.hpp"
#include "store_fixture.hpp"
#include "support/capturing_sink.hpp"

namespace conhub::store {
namespace {

using test::TempHome;

TEST(LeakScan, NoSecretInDatabaseWalOrLogs) {
  TempHome home;
  test::CapturingLogger logs;
  const std::vector<std::string> secrets = {"ghp_LeakCanaryAlpha0123456789abcdefABCD", "glpat-LeakCanaryBravo0123456789",
                                            "LeakCanaryRefreshToken9876543210zyxw"};
  std::string token_text;
  {
    auto db = test::open_db(home);
    auto ring = test::load_ring(home);
    Connections c(db);
    ASSERT_TRUE(c.put("default", "github", "work", test::api_key(secrets[0]), ring, false).ok());
    ASSERT_TRUE(c.put("default", "gitlab", "work", test::api_key(secrets[1]), ring, false).ok());
    auto oauth = Secret::parse(R"({"kind":"oauth2","access_token":"LeakCanaryAccess0123456789abcdef","refresh_token":")" +
                               secrets[2] + R"(","scopes":["read"]})");
    ASSERT_TRUE(oauth.ok());
    ASSERT_TRUE(c.put("default", "google-drive", "me", *oauth, ring, false).ok());
    auto token = Tokens(db).create("default", "ci");
    ASSERT_TRUE(token.ok());
    token_text = std::string(token->token.reveal());
    // The audit log receives arguments that carry secrets; they are redacted first.
    AuditEntry e;
    e.workspace = "default";
    e.method = "tools/call";
    e.name = "github_search";
    e.arguments = redact_json(nlohmann::json{{"token", secrets[0]}, {"q", "Bearer " + token_text}});
    ASSERT_TRUE(AuditLog(db).append({e}).ok());
    // Error paths: a tampered row, a failed verification, a rotation.
    test::sql(db, "UPDATE connections SET key_id = 'k-ffffffffffffffff' WHERE provider = 'gitlab'");
    auto broken = c.get("default", "gitlab", "work");
    auto opened = c.secret(*broken, ring);
    ASSERT_FALSE(opened.ok());
    spdlog::error("{}", opened.error().message);
    std::string wrong = token_text;
    wrong.back() = wrong.back() == 'x' ? 'y' : 'x';
    auto v = Tokens(db).verify(wrong);
    spdlog::warn("{}", v.error().message);
    auto rot = rotate_master_key(db, ring);
    ASSERT_FALSE(rot.ok());  // the gitlab row does not open, so the rotation refuses
    spdlog::error("{}", rot.error().message);
    auto s = c.secret(*c.get("default", "github", "work"), ring);
    ASSERT_TRUE(s.ok());
    spdlog::info("opened {}", *s);  // the fmt formatter must redact
  }
  std::string haystack = logs.text();
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const auto path = home.path() / (std::string("conhub.db") + suffix);
    if (std::filesystem::exists(path)) haystack += test::read_all(path);
  }
  ASSERT_GT(haystack.size(), 4096u);
  auto all = secrets;
  all.push_back("LeakCanaryAccess0123456789abcdef");
  all.push_back(token_text);
  all.push_back(token_text.substr(22));  // the token's secret part alone
  for (const auto& secret : all) EXPECT_EQ(haystack.find(secret), std::string::npos) << "found a secret in clear";
  EXPECT_NE(logs.text().find("redacted"), std::string::npos);
}

}  // namespace
}  // namespace conhub::store
