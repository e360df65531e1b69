// The connector framework: tool naming, the registry, removal, and the error helper.
#include "connector.hpp"

#include <regex>

#include <gtest/gtest.h>

#include "registry.hpp"

namespace conhub::connectors {
namespace {

bool valid_tool_name(const std::string& name) {
  static const std::regex kName("^[a-zA-Z0-9_-]{1,64}$");
  return std::regex_match(name, kName);
}

TEST(ToolNamer, UsesProviderVerbNounForASingleConnection) {
  ToolNamer namer("github", "work", false);
  EXPECT_EQ(namer("search_issues"), "github_search_issues");
}

TEST(ToolNamer, PutsTheConnectionNameInWhenQualified) {
  ToolNamer namer("github", "work", true);
  EXPECT_EQ(namer("search_issues"), "github_work_search_issues");
}

TEST(ToolNamer, SanitisesAndCutsTheConnectionPartToStayWithin64) {
  ToolNamer dotted("files", "my.notes", true);
  EXPECT_EQ(dotted("read_text"), "files_my_notes_read_text");
  ToolNamer long_name("github", std::string(64, 'x'), true);
  const auto name = long_name("search_pull_requests");
  EXPECT_LE(name.size(), 64u);
  EXPECT_TRUE(valid_tool_name(name)) << name;
  EXPECT_EQ(name.substr(name.size() - 20), "search_pull_requests");
}

TEST(ConnectorRegistry, KnowsFilesAndRefusesUnknownProviders) {
  ASSERT_NE(find_provider("files"), nullptr);
  EXPECT_EQ(find_provider("files")->credential, CredentialKind::kNone);
  EXPECT_EQ(find_provider("nope"), nullptr);
  auto made = create_connector({.connection = {.id = 1, .provider = "nope", .name = "default"}});
  ASSERT_TRUE(std::holds_alternative<std::string>(made));
  EXPECT_NE(std::get<std::string>(made).find("nope"), std::string::npos);
}

TEST(ConnectorRegistry, FilesWithoutRootsIsAConfigErrorNamingTheFix) {
  auto made = create_connector({.connection = {.id = 1, .provider = "files", .name = "notes"}});
  ASSERT_TRUE(std::holds_alternative<std::string>(made));
  EXPECT_NE(std::get<std::string>(made).find("--root"), std::string::npos);
}

struct RecordingStatus : ConnectionStatusSink {
  void credential_rejected(std::int64_t id, const std::string& reason) override {
    ids.push_back(id);
    reasons.push_back(reason);
  }
  std::vector<std::int64_t> ids;
  std::vector<std::string> reasons;
};

TEST(ToolError, MapsApiErrorsToIsErrorAndReportsRejectedCredentials) {
  auto status = std::make_shared<RecordingStatus>();
  ConnectorContext context{.connection = {.id = 7, .provider = "github", .name = "work"}, .status = status};
  auto not_found = tool_error({.kind = ApiErrorKind::kNotFound, .http_status = 404, .message = "Not Found",
                               .operation = "GET /repos/o/r"},
                              context);
  EXPECT_TRUE(not_found.is_error);
  EXPECT_TRUE(status->ids.empty());
  auto rejected = tool_error({.kind = ApiErrorKind::kUnauthorized, .http_status = 401, .message = "Bad credentials",
                              .operation = "GET /user"},
                             context);
  EXPECT_TRUE(rejected.is_error);
  ASSERT_EQ(status->ids.size(), 1u);
  EXPECT_EQ(status->ids[0], 7);
}

}  // namespace
}  // namespace conhub::connectors
