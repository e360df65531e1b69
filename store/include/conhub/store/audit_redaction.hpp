// Redaction of what a client sent before it goes into the audit log: values under keys
// that name a credential (token, secret, password, api_key, authorization, …), values that
// look like one (bearer/basic credentials, JWTs, well-known token prefixes, long
// high-entropy strings) and such values inside URL query strings become "[redacted]".
// Errs on the side of redacting. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace conhub::store {

inline constexpr const char* kRedacted = "[redacted]";

bool is_secret_key(std::string_view key);
bool looks_like_secret(std::string_view value);
/// The JSON value with secrets replaced; structure and harmless values kept.
nlohmann::json redact_json(const nlohmann::json& value);
/// Free text (an error message, a URI) with secret-looking words and query values replaced.
std::string redact_text(std::string_view text);

}  // namespace conhub::store
