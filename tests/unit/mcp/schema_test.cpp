#include "conhub/mcp/schema.hpp"

#include <gtest/gtest.h>

namespace conhub::mcp {
namespace {

using nlohmann::json;

Schema search_schema() {
  return Schema::object({{"repo", Schema::string("owner/name")},
                         {"limit", Schema::integer().range(1, 100).optional()},
                         {"state", Schema::string().one_of({"open", "closed"}).optional()},
                         {"labels", Schema::array(Schema::string()).optional()}});
}

TEST(Schema, BuildsRequiredAndOptionalProperties) {
  json s = search_schema().json();
  EXPECT_EQ(s["type"], "object");
  EXPECT_EQ(s["required"], json::array({"repo"}));
  EXPECT_EQ(s["properties"]["limit"]["maximum"], 100);
  EXPECT_EQ(s["properties"]["state"]["enum"], json::array({"open", "closed"}));
}

TEST(Schema, AcceptsValidArguments) {
  EXPECT_EQ(validate_against_schema(search_schema().json(), json{{"repo", "a/b"}, {"limit", 10}, {"labels", {"x"}}}), "");
  // A float with an integral value is an integer in JSON Schema.
  EXPECT_EQ(validate_against_schema(search_schema().json(), json{{"repo", "a/b"}, {"limit", 10.0}}), "");
}

TEST(Schema, ExplainsWhatToFix) {
  json s = search_schema().json();
  EXPECT_EQ(validate_against_schema(s, json::object()), "missing required argument 'repo'");
  EXPECT_EQ(validate_against_schema(s, json{{"repo", 1}}), "argument 'repo' must be of type string, got number");
  EXPECT_EQ(validate_against_schema(s, json{{"repo", "a"}, {"limit", 500}}), "argument 'limit' must be at most 100");
  EXPECT_EQ(validate_against_schema(s, json{{"repo", "a"}, {"limit", 1.5}}),
            "argument 'limit' must be of type integer, got number");
  EXPECT_EQ(validate_against_schema(s, json{{"repo", "a"}, {"state", "merged"}}),
            "argument 'state' must be one of [\"open\",\"closed\"]");
  EXPECT_EQ(validate_against_schema(s, json{{"repo", "a"}, {"labels", {"x", 2}}}),
            "argument 'labels[1]' must be of type string, got number");
}

TEST(Schema, ClosedObjectsRejectUnknownArguments) {
  json s = Schema::object({{"a", Schema::string()}}).closed().json();
  EXPECT_EQ(validate_against_schema(s, json{{"a", "x"}, {"b", 1}}), "unknown argument 'b'");
}

TEST(Schema, StringLengthCountsCodePoints) {
  json s = Schema::object({{"name", Schema::string().length(1, 3)}}).json();
  EXPECT_EQ(validate_against_schema(s, json{{"name", "\xc3\xa9\xc3\xa9\xc3\xa9"}}), "");  // three é
  EXPECT_NE(validate_against_schema(s, json{{"name", ""}}), "");
}

}  // namespace
}  // namespace conhub::mcp
