#include "jsonrpc/message.hpp"

namespace conhub::mcp::detail {

using nlohmann::json;

namespace {

// Scans brackets outside strings; cheap compared with parsing.
bool nesting_within(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') {
      if (++depth > limit) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

bool valid_id(const json& id) { return id.is_string() || id.is_number_integer(); }

}  // namespace

std::variant<json, DecodeFailure> parse_json(std::string_view text) {
  if (!nesting_within(text, kMaxJsonDepth)) {
    return DecodeFailure{Error::parse_error("Parse error: JSON nested deeper than " +
                                            std::to_string(kMaxJsonDepth) + " levels"),
                         nullptr};
  }
  json value = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return DecodeFailure{Error::parse_error("Parse error: invalid JSON"), nullptr};
  return value;
}

std::variant<Message, DecodeFailure> decode_message(const json& value) {
  if (!value.is_object()) return DecodeFailure{Error::invalid_request("Invalid Request: expected a JSON object"), nullptr};
  json id = nullptr;
  if (auto it = value.find("id"); it != value.end() && valid_id(*it)) id = *it;

  auto version = value.find("jsonrpc");
  if (version == value.end() || *version != "2.0")
    return DecodeFailure{Error::invalid_request("Invalid Request: \"jsonrpc\" must be \"2.0\""), id};

  Message message;
  auto method = value.find("method");
  if (method != value.end()) {
    if (!method->is_string())
      return DecodeFailure{Error::invalid_request("Invalid Request: \"method\" must be a string"), id};
    message.method = method->get<std::string>();
    if (auto params = value.find("params"); params != value.end()) {
      if (!params->is_object() && !params->is_array())
        return DecodeFailure{Error::invalid_request("Invalid Request: \"params\" must be an object"), id};
      message.params = *params;
    }
    auto raw_id = value.find("id");
    if (raw_id == value.end()) {
      message.kind = Message::Kind::kNotification;
      return message;
    }
    if (!valid_id(*raw_id))
      return DecodeFailure{Error::invalid_request("Invalid Request: \"id\" must be a string or an integer"), nullptr};
    message.kind = Message::Kind::kRequest;
    message.id = *raw_id;
    return message;
  }

  // A response to a request the server sent.
  message.kind = Message::Kind::kResponse;
  message.id = id;
  if (auto result = value.find("result"); result != value.end()) {
    message.result = *result;
    return message;
  }
  if (auto error = value.find("error"); error != value.end() && error->is_object()) {
    Error e;
    e.code = static_cast<ErrorCode>(error->value("code", static_cast<int>(ErrorCode::kInternalError)));
    e.message = error->value("message", std::string());
    if (auto data = error->find("data"); data != error->end()) e.data = *data;
    message.error = std::move(e);
    return message;
  }
  return DecodeFailure{Error::invalid_request("Invalid Request: no \"method\", \"result\" or \"error\""), id};
}

std::string dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

json result_message(const json& id, json result) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}
json error_message(const json& id, const Error& error) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"error", error.to_json()}};
}

std::string encode_result(const json& id, json result) { return dump(result_message(id, std::move(result))); }
std::string encode_error(const json& id, const Error& error) { return dump(error_message(id, error)); }
std::string encode_notification(const std::string& method, const json& params) {
  json out{{"jsonrpc", "2.0"}, {"method", method}};
  if (!params.is_null()) out["params"] = params;
  return dump(out);
}
std::string encode_request(const json& id, const std::string& method, const json& params) {
  json out{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
  if (!params.is_null()) out["params"] = params;
  return dump(out);
}

}  // namespace conhub::mcp::detail
