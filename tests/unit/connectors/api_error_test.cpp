#include "http/api_error.hpp"

#include <gtest/gtest.h>

namespace conhub::connectors {
namespace {

using namespace std::chrono_literals;

TEST(ApiError, KindForStatus) {
  EXPECT_EQ(kind_for_status(401), ApiErrorKind::kUnauthorized);
  EXPECT_EQ(kind_for_status(403), ApiErrorKind::kForbidden);
  EXPECT_EQ(kind_for_status(404), ApiErrorKind::kNotFound);
  EXPECT_EQ(kind_for_status(422), ApiErrorKind::kBadRequest);
  EXPECT_EQ(kind_for_status(429), ApiErrorKind::kRateLimited);
  EXPECT_EQ(kind_for_status(503), ApiErrorKind::kServerError);
  EXPECT_EQ(kind_for_status(304), ApiErrorKind::kBadResponse);
}

TEST(ApiError, UnauthorizedTellsToReconnect) {
  const ApiError error{.kind = ApiErrorKind::kUnauthorized, .http_status = 401, .message = "Bad credentials",
                       .operation = "GET /user"};
  EXPECT_EQ(error.for_model(),
            "GET /user failed: the provider rejected the credential (HTTP 401: Bad credentials). The token may be "
            "expired or revoked; ask the user to reconnect this connection with a valid token.");
}

TEST(ApiError, RateLimitedSaysWhenToRetry) {
  ApiError error{.kind = ApiErrorKind::kRateLimited, .http_status = 403, .retry_after = 42s,
                 .message = "API rate limit exceeded", .operation = "GET /search/issues"};
  EXPECT_NE(error.for_model().find("Retry after 42 s"), std::string::npos) << error.for_model();
  error.retry_after = 3600s;
  EXPECT_NE(error.for_model().find("Retry after 60 min"), std::string::npos) << error.for_model();
  error.retry_after = 3h + 30min;
  EXPECT_NE(error.for_model().find("Retry after 3 h 30 min"), std::string::npos) << error.for_model();
  error.retry_after.reset();
  EXPECT_NE(error.for_model().find("Wait a minute"), std::string::npos);
}

TEST(ApiError, EveryKindGivesOneActionableLine) {
  for (int k = 0; k <= static_cast<int>(ApiErrorKind::kBadResponse); ++k) {
    const ApiError error{.kind = static_cast<ApiErrorKind>(k), .operation = "GET /repos/o/r"};
    const std::string text = error.for_model();
    EXPECT_TRUE(text.starts_with("GET /repos/o/r")) << text;
    EXPECT_EQ(text.find('\n'), std::string::npos) << text;
    EXPECT_NE(to_string(error.kind), "");
  }
}

TEST(ApiError, WithoutOperationOrStatus) {
  const ApiError error{.kind = ApiErrorKind::kTimeout};
  EXPECT_EQ(error.for_model(),
            "The request failed: the provider did not answer in time. Try again, or ask for less (a narrower query "
            "or a smaller page).");
}

TEST(OneLine, KeepsTheFirstLineAndCutsLongText) {
  EXPECT_EQ(one_line("first\nsecond"), "first");
  EXPECT_EQ(one_line("tab\there"), "tabhere");
  EXPECT_EQ(one_line(std::string(300, 'x'), 10), std::string(10, 'x') + "…");
  EXPECT_EQ(one_line("ééé", 3), "é…");  // never cuts inside a UTF-8 sequence
}

TEST(Result, HoldsAValueOrAnError) {
  Result<int> good = 3;
  ASSERT_TRUE(good);
  EXPECT_EQ(*good, 3);
  Result<int> bad = ApiError{.kind = ApiErrorKind::kNotFound};
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ApiErrorKind::kNotFound);
}

}  // namespace
}  // namespace conhub::connectors
