// SealedState: turns server state that must travel through the client (2026-07-28
// requestState, pagination cursors) into an opaque string the client cannot forge or
// alter: base64url(HMAC-SHA-256 tag || JSON payload), with an expiry inside the payload.
// Thread-safe after construction (the key is immutable).
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace conhub::mcp::detail {

class SealedState {
 public:
  /// An empty `key` means a fresh random key for this process.
  explicit SealedState(const std::string& key);
  ~SealedState();

  /// `kind` separates uses (a cursor can never be replayed as a requestState).
  std::string seal(const std::string& kind, nlohmann::json payload, std::chrono::seconds lifetime) const;
  /// The payload, or nullopt when the text is malformed, altered, of another kind or expired.
  std::optional<nlohmann::json> open(const std::string& kind, const std::string& sealed) const;

 private:
  std::array<unsigned char, 32> key_{};
};

std::string base64url_encode(const std::string& bytes);
std::optional<std::string> base64url_decode(const std::string& text);
/// Hex digest of a JSON value, to bind sealed state to the request it belongs to.
std::string digest_of(const nlohmann::json& value);

}  // namespace conhub::mcp::detail
