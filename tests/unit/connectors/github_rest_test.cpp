// The github tools' shared pieces that need no server: the repo check that keeps model input
// out of request paths, path encoding, the UTF-8-safe text window used to page diffs, and the
// compact summaries (GitHub sends explicit nulls the summaries must survive).
#include "providers/github_rest.hpp"

#include <gtest/gtest.h>

namespace conhub::connectors::github {
namespace {

using nlohmann::json;

TEST(GitHubRest, RepoNamesCannotChangeTheRequestPath) {
  EXPECT_TRUE(valid_repo("octocat/hello-world"));
  EXPECT_TRUE(valid_repo("my.org/repo_1"));
  for (const char* bad : {"", "octocat", "/repo", "owner/", "a/b/c", "../etc", "a/..", "a/b?x=1", "a/b#c", "a b/c", "a/%2e"})
    EXPECT_FALSE(valid_repo(bad)) << bad;
}

TEST(GitHubRest, EncodesEachPathSegmentAndKeepsSlashes) {
  EXPECT_EQ(encode_path("src/main.c"), "src/main.c");
  EXPECT_EQ(encode_path("docs/a b/ü?.md"), "docs/a%20b/%C3%BC%3F.md");
  EXPECT_EQ(encode_path(""), "");
}

TEST(GitHubRest, TextWindowPagesOnUtf8Boundaries) {
  const std::string text = "ab\xC3\xA9" "cd";  // "abécd": é is two bytes at 2..3
  std::string slice;
  auto w = text_window(text, 0, 3, slice);
  EXPECT_EQ(slice, "ab");  // 3 bytes would split é
  EXPECT_EQ(w["next_offset"], 2);
  w = text_window(text, 2, 3, slice);
  EXPECT_EQ(slice, "\xC3\xA9" "c");
  EXPECT_EQ(w["next_offset"], 5);
  w = text_window(text, 5, 100, slice);
  EXPECT_EQ(slice, "d");
  EXPECT_TRUE(w["next_offset"].is_null());
  EXPECT_EQ(w["total_length"], text.size());
  w = text_window(text, 3, 10, slice);  // an offset inside a character backs up to its start
  EXPECT_EQ(w["offset"], 2);
  w = text_window(text, 99, 10, slice);
  EXPECT_EQ(slice, "");
  EXPECT_TRUE(w["next_offset"].is_null());
  w = text_window(text, 2, 1, slice);  // a window smaller than one character still moves on
  EXPECT_EQ(slice, "\xC3\xA9");
  EXPECT_EQ(w["next_offset"], 4);
}

TEST(GitHubRest, SummariesSurviveNullsAndMissingFields) {
  const json issue = {{"number", 3}, {"title", "t"}, {"body", nullptr}, {"user", nullptr}, {"labels", nullptr},
                      {"repository_url", "https://api.github.com/repos/o/r"}};
  const auto s = issue_summary(issue);
  EXPECT_EQ(s["user"], "");
  EXPECT_EQ(s["labels"], json::array());
  EXPECT_EQ(s["repo"], "o/r");
  EXPECT_EQ(s["is_pull_request"], false);
  EXPECT_EQ(pull_summary(json::object())["merged"], false);
  EXPECT_EQ(pull_summary({{"merged_at", "2024-01-01T00:00:00Z"}})["merged"], true);
  EXPECT_EQ(commit_summary({{"sha", "abc"}, {"commit", {{"message", "m"}, {"author", nullptr}}}})["message"], "m");
  EXPECT_EQ(code_hit({{"path", "p"}, {"repository", {{"full_name", "o/r"}}}})["repo"], "o/r");
}

}  // namespace
}  // namespace conhub::connectors::github
