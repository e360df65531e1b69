// One place for the bodies and headers of HTTP replies that are not SSE streams.
#pragma once

#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace conhub::mcp::detail {

/// A JSON body sent with a sized provider: httplib would otherwise gzip or brotli every
/// application/json reply for clients that send Accept-Encoding (Node's fetch does).
void json_reply(httplib::Response& res, int status, std::string body);
/// `{"jsonrpc":"2.0","id":<id>,"error":{"code","message"[,"data"]}}`.
std::string rpc_error_body(const nlohmann::json& id, int code, const std::string& message,
                           const nlohmann::json& data = nullptr);
/// json_reply with an rpc_error_body and a null id.
void error_reply(httplib::Response& res, int status, int code, const std::string& message);

}  // namespace conhub::mcp::detail
