// Protocol errors: the JSON-RPC `error` plane (STYLE.md §3, plane 1).
// An Error is a plain value; the dispatcher turns it into a JSON-RPC error response.
// Thread-safety: a value type, safe to copy between threads.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace conhub::mcp {

enum class ErrorCode : int {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kInternalError = -32603,
  // 2025-06-18 server/resources: "Resource not found" uses -32002.
  kResourceNotFound = -32002,
  // 2026-07-28 stateless wire.
  kHeaderMismatch = -32020,
  kMissingRequiredClientCapability = -32021,
  kUnsupportedProtocolVersion = -32022,
};

struct Error {
  ErrorCode code = ErrorCode::kInternalError;
  std::string message;
  nlohmann::json data;  // null when absent

  static Error parse_error(std::string message);
  static Error invalid_request(std::string message);
  static Error method_not_found(std::string method);
  static Error invalid_params(std::string message);
  static Error internal(std::string message);
  static Error resource_not_found(std::string uri);
  static Error missing_capability(std::string capability);

  nlohmann::json to_json() const;
};

}  // namespace conhub::mcp
