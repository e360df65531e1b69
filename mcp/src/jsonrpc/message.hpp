// JSON-RPC 2.0 codec: turns one received text into a checked Message, and builds the
// outgoing texts. Never throws; malformed input becomes an Error carrying the id when
// one could be read, so the session answers it and carries on (ARCHITECTURE.md step 2).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "conhub/mcp/error.hpp"

namespace conhub::mcp::detail {

struct Message {
  enum class Kind { kRequest, kNotification, kResponse };
  Kind kind = Kind::kRequest;
  nlohmann::json id;  // string or integer for requests and responses
  std::string method;
  nlohmann::json params;  // object, array or null
  nlohmann::json result;
  std::optional<Error> error;  // a response that carries an error
};

struct DecodeFailure {
  Error error;
  nlohmann::json id;  // null when the id could not be read
};

/// Deepest nesting accepted; deeper input is refused before parsing so a hostile message
/// cannot exhaust the parser's stack.
inline constexpr int kMaxJsonDepth = 128;

/// Parses text into JSON (parse error -32700 on failure, or on nesting beyond kMaxJsonDepth).
std::variant<nlohmann::json, DecodeFailure> parse_json(std::string_view text);
/// Checks one JSON-RPC message object (-32600 when it is not one).
std::variant<Message, DecodeFailure> decode_message(const nlohmann::json& value);

std::string encode_result(const nlohmann::json& id, nlohmann::json result);
std::string encode_error(const nlohmann::json& id, const Error& error);
std::string encode_notification(const std::string& method, const nlohmann::json& params);
std::string encode_request(const nlohmann::json& id, const std::string& method, const nlohmann::json& params);

nlohmann::json result_message(const nlohmann::json& id, nlohmann::json result);
nlohmann::json error_message(const nlohmann::json& id, const Error& error);

/// Serialises without throwing: invalid UTF-8 in strings is replaced, not fatal.
std::string dump(const nlohmann::json& value);

}  // namespace conhub::mcp::detail
