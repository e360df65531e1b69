// The narrow interfaces through which a connector reaches its connection's credential and
// reports on it. The cli implements them on the store (decrypting on demand, one call at a
// time); connectors never see SQL, the vault or the master key (STYLE.md §1).
// Thread-safety: implementations must be callable from any handler thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "http/api_error.hpp"

namespace conhub::connectors {

/// The plaintext of one credential (the store's JSON text, e.g. {"kind":"api_key",...}),
/// held only as long as one call needs it: move-only and wiped when destroyed.
class Credential {
 public:
  Credential() = default;
  explicit Credential(std::string json_text) : text_(std::move(json_text)) {}
  Credential(Credential&& other) noexcept : text_(std::move(other.text_)) { other.text_.clear(); }
  Credential& operator=(Credential&& other) noexcept;
  Credential(const Credential&) = delete;
  Credential& operator=(const Credential&) = delete;
  ~Credential();

  /// The JSON text; named so every use of the plaintext is easy to find in review.
  std::string_view reveal() const { return text_; }

 private:
  std::string text_;
};

class CredentialSource {
 public:
  virtual ~CredentialSource() = default;
  /// Decrypts the connection's credential for one call. Failures are kUnauthorized errors
  /// whose message says how to reconnect; they never quote the secret.
  virtual Result<Credential> credential(std::int64_t connection_id) = 0;
};

/// Where a connector reports that its provider rejected the credential, so that
/// `conhub-mcp connections` shows the connection's status and last error.
class ConnectionStatusSink {
 public:
  virtual ~ConnectionStatusSink() = default;
  virtual void credential_rejected(std::int64_t connection_id, const std::string& reason) = 0;
};

}  // namespace conhub::connectors
