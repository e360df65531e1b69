#include "transport/http_replies.hpp"

#include <cstring>
#include <memory>

namespace conhub::mcp::detail {

void json_reply(httplib::Response& res, int status, std::string body) {
  res.status = status;
  auto shared = std::make_shared<std::string>(std::move(body));
  res.set_content_provider(shared->size(), "application/json",
                           [shared](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                             return sink.write(shared->data() + offset, length);
                           });
}

std::string rpc_error_body(const nlohmann::json& id, int code, const std::string& message, const nlohmann::json& data) {
  nlohmann::json error{{"code", code}, {"message", message}};
  if (!data.is_null()) error["data"] = data;
  return nlohmann::json{{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(error)}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void error_reply(httplib::Response& res, int status, int code, const std::string& message) {
  json_reply(res, status, rpc_error_body(nullptr, code, message));
}

}  // namespace conhub::mcp::detail
