#include <gtest/gtest.h>

#include "conhub/store/audit_log.hpp"
#include "conhub/store/audit_redaction.hpp"
#include "conhub/store/audit_writer.hpp"
#include "conhub/store/time_text.hpp"
#include "store_fixture.hpp"

namespace conhub::store {
namespace {

using nlohmann::json;
using test::TempHome;

AuditEntry entry(std::int64_t at_us, const std::string& workspace, const std::string& name) {
  AuditEntry e;
  e.at_us = at_us;
  e.workspace = workspace;
  e.client = "claude/1.0";
  e.method = "tools/call";
  e.name = name;
  e.duration_us = 1500;
  e.arguments = json{{"q", "x"}};
  return e;
}

TEST(AuditRedaction, RedactsValuesUnderSecretKeys) {
  const json in = {{"text", "hello"}, {"api_key", "abc"}, {"Authorization", "x"}, {"github_token", 12345},
                   {"nested", {{"password", "p"}, {"list", {json{{"client_secret", "s"}}}}}}, {"author", "alice"}};
  const json out = redact_json(in);
  EXPECT_EQ(out["text"], "hello");
  EXPECT_EQ(out["author"], "alice");
  EXPECT_EQ(out["api_key"], kRedacted);
  EXPECT_EQ(out["Authorization"], kRedacted);
  EXPECT_EQ(out["github_token"], kRedacted);
  EXPECT_EQ(out["nested"]["password"], kRedacted);
  EXPECT_EQ(out["nested"]["list"][0]["client_secret"], kRedacted);
}

TEST(AuditRedaction, RedactsValuesThatLookLikeCredentials) {
  const json in = {{"a", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig"},
                   {"b", "ghp_0123456789abcdefghijABCDEFGHIJ012345"},
                   {"c", "q9T2xL7vB4nR8kW1zY5mH3jF6dS0aP"},
                   {"d", "curl -H 'Authorization: Bearer abcdef123456' https://x"},
                   {"e", "https://api.example/v1?access_token=abc123&page=2"},
                   {"f", "the quick brown fox"},
                   {"g", "src/components/Button.tsx"},
                   {"h", 42}};
  const json out = redact_json(in);
  EXPECT_EQ(out["a"], kRedacted);
  EXPECT_EQ(out["b"], kRedacted);
  EXPECT_EQ(out["c"], kRedacted);
  EXPECT_EQ(out["d"].get<std::string>().find("abcdef123456"), std::string::npos) << out["d"];
  EXPECT_EQ(out["e"], std::string("https://api.example/v1?access_token=") + kRedacted + "&page=2");
  EXPECT_EQ(out["f"], "the quick brown fox");
  EXPECT_EQ(out["g"], "src/components/Button.tsx");
  EXPECT_EQ(out["h"], 42);
}

TEST(AuditRedaction, RedactsFreeText) {
  EXPECT_EQ(redact_text("login failed for password=hunter2 today"), std::string("login failed for password=") + kRedacted + " today");
  EXPECT_EQ(redact_text("plain words stay"), "plain words stay");
}

TEST(AuditLog, AppendsQueriesAndPrunes) {
  TempHome home;
  auto db = test::open_db(home);
  AuditLog log(db);
  ASSERT_TRUE(log.append({entry(1'000'000, "default", "a"), entry(2'000'000, "work", "b"), entry(3'000'000, "default", "c")}).ok());
  auto all = log.query({});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].name, "a");  // oldest first
  EXPECT_EQ((*all)[0].arguments, (json{{"q", "x"}}));
  auto ws = log.query({.workspace = "default"});
  EXPECT_EQ(ws->size(), 2u);
  auto since = log.query({.since_us = 2'000'000});
  EXPECT_EQ(since->size(), 2u);
  auto newest = log.query({.limit = 1});
  ASSERT_EQ(newest->size(), 1u);
  EXPECT_EQ((*newest)[0].name, "c");
  auto pruned = log.prune(2'500'000);
  ASSERT_TRUE(pruned.ok());
  EXPECT_EQ(*pruned, 2);
  EXPECT_EQ(log.query({})->size(), 1u);
}

TEST(AuditWriter, WritesEverySubmittedEntryOffTheCallingThread) {
  TempHome home;
  {
    auto writer_db = test::open_db(home);
    AuditWriter writer(std::move(writer_db), {.retention_days = 0});
    for (int i = 0; i < 500; ++i) writer.submit(entry(i + 1, "default", "n" + std::to_string(i)));
    writer.flush();
    EXPECT_EQ(writer.written(), 500u);
    EXPECT_EQ(writer.dropped(), 0u);
  }
  auto db = test::open_db(home);
  EXPECT_EQ(AuditLog(db).query({.limit = 1000})->size(), 500u);
}

TEST(AuditWriter, AFullQueueMakesSubmitWaitInsteadOfDropping) {
  TempHome home;
  {
    AuditWriter writer(test::open_db(home), {.retention_days = 0, .max_queued = 4});
    for (int i = 0; i < 2000; ++i) writer.submit(entry(i + 1, "default", "n" + std::to_string(i)));
    writer.flush();
    EXPECT_EQ(writer.written(), 2000u);
    EXPECT_EQ(writer.dropped(), 0u);
  }
  auto db = test::open_db(home);
  EXPECT_EQ(AuditLog(db).query({.limit = 5000})->size(), 2000u);
}

TEST(AuditLog, AppendRedactsWhateverTheCallerPassed) {
  TempHome home;
  auto db = test::open_db(home);
  AuditEntry e = entry(1, "default", "file:///x?access_token=abcdef0123456789abcdef0123456789");
  e.arguments = json{{"api_key", "sk_live_0123456789abcdefghijklmnop"}, {"q", "x"}};
  e.error_text = "rejected Bearer abcdef0123456789abcdef0123456789abcdef";
  ASSERT_TRUE(AuditLog(db).append({e}).ok());
  auto stored = AuditLog(db).query({});
  ASSERT_EQ(stored->size(), 1u);
  const auto& row = (*stored)[0];
  EXPECT_EQ(row.arguments["q"], "x");
  EXPECT_EQ(row.arguments["api_key"], kRedacted);
  EXPECT_EQ(row.name.find("abcdef0123456789"), std::string::npos) << row.name;
  EXPECT_EQ(row.error_text.find("abcdef0123456789"), std::string::npos) << row.error_text;
}

TEST(AuditWriter, PrunesRowsOlderThanRetentionAtStart) {
  TempHome home;
  {
    auto db = test::open_db(home);
    ASSERT_TRUE(AuditLog(db).append({entry(1, "default", "ancient")}).ok());
  }
  {
    AuditWriter writer(test::open_db(home), {.retention_days = 90});
    writer.submit(entry(std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count(),
                        "default", "recent"));
    writer.flush();
  }
  auto db = test::open_db(home);
  auto rows = AuditLog(db).query({});
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].name, "recent");
}

TEST(TimeText, ParsesAgesAndDates) {
  EXPECT_EQ(*parse_since("30m", 10'000), 10'000 - 1800);
  EXPECT_EQ(*parse_since("2d", 1'000'000), 1'000'000 - 172'800);
  EXPECT_EQ(*parse_since("2024-01-01", 0), 1704067200);
  EXPECT_EQ(*parse_since("2024-01-01T01:00:00Z", 0), 1704070800);
  EXPECT_FALSE(parse_since("yesterday", 0).ok());
  EXPECT_EQ(format_utc(1704067200), "2024-01-01T00:00:00Z");
}

}  // namespace
}  // namespace conhub::store
