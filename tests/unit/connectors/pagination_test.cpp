// The NextPage strategies are pure functions of a request and a response: no server needed.
#include "http/pagination.hpp"

#include <gtest/gtest.h>

namespace conhub::connectors {
namespace {

TEST(NextPage, LinkHeaderFollowsRelNext) {
  const Request current{.target = "/repos/o/r/commits?per_page=3", .headers = {{"Accept", "application/json"}}};
  Response page{.status = 200};
  page.headers.add("Link", R"(<https://api.example/repos/o/r/commits?per_page=3&page=2>; rel="next")");
  const auto next = next_by_link_header()(current, page);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->target, "https://api.example/repos/o/r/commits?per_page=3&page=2");
  EXPECT_EQ(next->headers.get("Accept"), "application/json");  // same request otherwise
  page.headers.set("Link", R"(<https://api.example/x?page=1>; rel="first")");
  EXPECT_FALSE(next_by_link_header()(current, page));
}

TEST(NextPage, JsonCursorSetsTheQueryParameter) {
  const auto next = next_by_json_cursor("/response_metadata/next_cursor", "cursor");
  const Request current{.target = "/conversations.list?limit=2&cursor=old"};
  const auto more = next(current, Response{.body = R"({"response_metadata":{"next_cursor":"dXNlcjpVMDYx"}})"});
  ASSERT_TRUE(more);
  EXPECT_EQ(more->target, "/conversations.list?limit=2&cursor=dXNlcjpVMDYx");
  EXPECT_FALSE(next(current, Response{.body = R"({"response_metadata":{"next_cursor":""}})"}));
  EXPECT_FALSE(next(current, Response{.body = R"({"response_metadata":{}})"}));
  EXPECT_FALSE(next(current, Response{.body = R"({"next_cursor":null})"}));
  EXPECT_FALSE(next(current, Response{.body = "not json"}));
  EXPECT_FALSE(next_by_json_cursor("no-leading-slash", "c")(current, Response{.body = "{}"}));
}

TEST(NextPage, PageTokenCanBeAnInteger) {
  const auto more = next_by_json_cursor("/nextPageToken", "pageToken")(Request{.target = "/v1/files"},
                                                                        Response{.body = R"({"nextPageToken":42})"});
  ASSERT_TRUE(more);
  EXPECT_EQ(more->target, "/v1/files?pageToken=42");
}

TEST(NextPage, PageNumberStopsAtAShortPage) {
  const auto next = next_by_page_number("page", "/items", 2);
  const auto second = next(Request{.target = "/search?q=x"}, Response{.body = R"({"items":[1,2]})"});
  ASSERT_TRUE(second);
  EXPECT_EQ(second->target, "/search?q=x&page=2");
  const auto third = next(*second, Response{.body = R"({"items":[3,4]})"});
  ASSERT_TRUE(third);
  EXPECT_EQ(third->target, "/search?q=x&page=3");
  EXPECT_FALSE(next(*third, Response{.body = R"({"items":[5]})"}));
  EXPECT_TRUE(next_by_page_number("page", "", 1)(Request{.target = "/list"}, Response{.body = "[1]"}));
}

}  // namespace
}  // namespace conhub::connectors
