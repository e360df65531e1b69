// Secret: the plaintext of one credential, a JSON object such as
//   {"kind":"api_key","api_key":"…"} or
//   {"kind":"oauth2","access_token":"…","refresh_token":"…","expires_at":"…","scopes":[…],"instance_url":"…"}.
// It owns its bytes, wipes them when destroyed, is move-only, and never prints itself:
// there is no operator<<, and its fmt/spdlog formatter writes a placeholder.
// Thread-safety: a value type; not shared between threads.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "conhub/store/result.hpp"

namespace conhub::store {

class Secret {
 public:
  Secret() = default;
  Secret(Secret&& other) noexcept;
  Secret& operator=(Secret&& other) noexcept;
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;
  ~Secret();

  /// Reads what an operator typed or piped: a JSON object of a known shape, or else the
  /// whole text (surrounding whitespace trimmed) as an API key.
  static Result<Secret> parse(std::string_view text);
  /// Adopts already-validated JSON text (e.g. just decrypted from the vault).
  static Secret adopt(std::string_view json_text);

  /// The JSON text. Named so that every use of the plaintext is easy to find in review.
  std::string_view reveal() const { return {data_, size_}; }
  /// "api_key" or "oauth2".
  std::string auth_method() const;
  bool empty() const { return size_ == 0; }

 private:
  void assign(std::string_view text);
  void wipe();
  char* data_ = nullptr;
  std::size_t size_ = 0;
};

/// Overwrites a string's bytes with zeros (for temporaries that held plaintext).
void wipe_string(std::string& text);
/// Overwrites a buffer with zeros in a way the compiler cannot optimise out.
void wipe_bytes(void* data, std::size_t size);

}  // namespace conhub::store

template <>
struct fmt::formatter<conhub::store::Secret> : fmt::formatter<std::string_view> {
  template <typename FormatContext>
  auto format(const conhub::store::Secret&, FormatContext& ctx) const {
    return fmt::formatter<std::string_view>::format("[secret redacted]", ctx);
  }
};
