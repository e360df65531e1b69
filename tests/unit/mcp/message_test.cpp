#include "jsonrpc/message.hpp"

#include <gtest/gtest.h>

namespace conhub::mcp::detail {
namespace {

using nlohmann::json;

TEST(Message, ParsesRequestWithIntegerAndStringIds) {
  for (json id : {json(7), json("abc")}) {
    auto decoded = decode_message(json{{"jsonrpc", "2.0"}, {"id", id}, {"method", "ping"}});
    ASSERT_TRUE(std::holds_alternative<Message>(decoded));
    const auto& m = std::get<Message>(decoded);
    EXPECT_EQ(m.kind, Message::Kind::kRequest);
    EXPECT_EQ(m.id, id);
    EXPECT_EQ(m.method, "ping");
  }
}

TEST(Message, NotificationHasNoId) {
  auto decoded = decode_message(json{{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}});
  ASSERT_TRUE(std::holds_alternative<Message>(decoded));
  EXPECT_EQ(std::get<Message>(decoded).kind, Message::Kind::kNotification);
}

TEST(Message, RejectsWrongVersionKeepingTheId) {
  auto decoded = decode_message(json{{"jsonrpc", "1.0"}, {"id", 3}, {"method", "ping"}});
  ASSERT_TRUE(std::holds_alternative<DecodeFailure>(decoded));
  EXPECT_EQ(std::get<DecodeFailure>(decoded).error.code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(std::get<DecodeFailure>(decoded).id, 3);
}

TEST(Message, RejectsNullAndFractionalIds) {
  for (json id : {json(nullptr), json(1.5), json::array()}) {
    auto decoded = decode_message(json{{"jsonrpc", "2.0"}, {"id", id}, {"method", "ping"}});
    ASSERT_TRUE(std::holds_alternative<DecodeFailure>(decoded)) << id.dump();
    EXPECT_EQ(std::get<DecodeFailure>(decoded).error.code, ErrorCode::kInvalidRequest);
  }
}

TEST(Message, RejectsNonObjectParamsAndMethod) {
  auto bad_params = decode_message(json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "ping"}, {"params", 5}});
  ASSERT_TRUE(std::holds_alternative<DecodeFailure>(bad_params));
  auto bad_method = decode_message(json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", 5}});
  ASSERT_TRUE(std::holds_alternative<DecodeFailure>(bad_method));
}

TEST(Message, DecodesResponsesAndErrorResponses) {
  auto ok = decode_message(json{{"jsonrpc", "2.0"}, {"id", "s1"}, {"result", {{"x", 1}}}});
  ASSERT_TRUE(std::holds_alternative<Message>(ok));
  EXPECT_EQ(std::get<Message>(ok).kind, Message::Kind::kResponse);
  EXPECT_EQ(std::get<Message>(ok).result["x"], 1);

  auto failed = decode_message(json{{"jsonrpc", "2.0"}, {"id", "s1"}, {"error", {{"code", -32601}, {"message", "no"}}}});
  ASSERT_TRUE(std::holds_alternative<Message>(failed));
  ASSERT_TRUE(std::get<Message>(failed).error.has_value());
  EXPECT_EQ(std::get<Message>(failed).error->code, ErrorCode::kMethodNotFound);
}

TEST(Message, MalformedJsonIsAParseError) {
  auto parsed = parse_json("{\"jsonrpc\": ");
  ASSERT_TRUE(std::holds_alternative<DecodeFailure>(parsed));
  EXPECT_EQ(std::get<DecodeFailure>(parsed).error.code, ErrorCode::kParseError);
}

TEST(Message, DeepNestingIsRefusedBeforeParsing) {
  std::string deep(100000, '[');
  auto parsed = parse_json(deep);
  ASSERT_TRUE(std::holds_alternative<DecodeFailure>(parsed));
  EXPECT_NE(std::get<DecodeFailure>(parsed).error.message.find("nested"), std::string::npos);
}

TEST(Message, BracketsInsideStringsDoNotCountAsNesting) {
  std::string text = "{\"a\":\"" + std::string(1000, '[') + "\"}";
  auto parsed = parse_json(text);
  ASSERT_TRUE(std::holds_alternative<json>(parsed));
}

TEST(Message, EncodesErrorsWithData) {
  Error e{ErrorCode::kUnsupportedProtocolVersion, "Unsupported protocol version", json{{"requested", "x"}}};
  json out = json::parse(encode_error(1, e));
  EXPECT_EQ(out["error"]["code"], -32022);
  EXPECT_EQ(out["error"]["data"]["requested"], "x");
  EXPECT_EQ(out["jsonrpc"], "2.0");
}

TEST(Message, DumpReplacesInvalidUtf8InsteadOfThrowing) {
  json value = std::string("bad \xff byte");
  EXPECT_NO_THROW(dump(value));
}

}  // namespace
}  // namespace conhub::mcp::detail
