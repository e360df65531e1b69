// SecretFields: the fields of one decrypted connection secret as text, so `wrap` can put
// them in a child's environment by name. A stored secret is a JSON object (store/secret.hpp);
// every top-level string or integer becomes a field (arrays of strings are joined with ','),
// plus `token`: the credential itself (`api_key`, else `access_token`), whatever the kind.
// Owns copies of the plaintext and wipes them when destroyed. Main thread only.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <conhub/store/result.hpp>
#include <conhub/store/secret.hpp>

namespace conhub::cli {

class SecretFields {
 public:
  /// Fails (without quoting the secret) when it is not a JSON object with a credential.
  static store::Result<SecretFields> from(const store::Secret& secret);

  SecretFields(SecretFields&&) = default;
  SecretFields& operator=(SecretFields&&) = delete;
  SecretFields(const SecretFields&) = delete;
  ~SecretFields();

  /// The field's value, or nullptr when the secret has no such field.
  const std::string* find(std::string_view name) const;
  /// "access_token, kind, token": the names only, never values, for error messages.
  std::string names_text() const;

 private:
  SecretFields() = default;
  std::map<std::string, std::string, std::less<>> fields_;
};

}  // namespace conhub::cli
