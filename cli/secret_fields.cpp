#include "secret_fields.hpp"

#include <nlohmann/json.hpp>

namespace conhub::cli {

namespace {

void wipe_json(nlohmann::json& value) {
  if (value.is_string()) {
    store::wipe_string(value.get_ref<std::string&>());
  } else if (value.is_structured()) {
    for (auto& item : value) wipe_json(item);
  }
}

// The parsed copy of the plaintext is wiped however from() leaves.
struct JsonWiper {
  nlohmann::json& value;
  ~JsonWiper() { wipe_json(value); }
};

// A field's value as an environment variable would carry it; false for objects, nulls and
// arrays holding anything but strings, which have no obvious one-line form.
bool as_text(const nlohmann::json& value, std::string& out) {
  if (value.is_string()) {
    out = value.get_ref<const std::string&>();  // a copy, no temporary left unwiped
    return true;
  }
  if (value.is_number_integer()) {
    out = value.dump();
    return true;
  }
  if (value.is_boolean()) {
    out = value.get<bool>() ? "true" : "false";
    return true;
  }
  if (!value.is_array()) return false;
  for (const auto& item : value) {
    if (!item.is_string()) {
      store::wipe_string(out);
      out.clear();
      return false;
    }
    if (!out.empty()) out += ',';
    out += item.get_ref<const std::string&>();
  }
  return true;
}

}  // namespace

store::Result<SecretFields> SecretFields::from(const store::Secret& secret) {
  auto object = nlohmann::json::parse(secret.reveal(), nullptr, /*allow_exceptions=*/false);
  JsonWiper wiper{object};
  // Never quote the secret in these messages.
  if (object.is_discarded() || !object.is_object())
    return store::Error{store::ErrorKind::kInvalid, "the stored secret is not a JSON object; store it again with `connect --replace`"};
  SecretFields fields;
  for (auto& [name, value] : object.items()) {
    std::string text;
    // Copied, then wiped: a moved-from short string keeps its bytes in place.
    if (as_text(value, text)) fields.fields_.emplace(name, text);
    store::wipe_string(text);
  }
  // `token` names the credential the same way for every kind, so one mapping table serves
  // API keys and OAuth access tokens alike.
  for (const char* source : {"api_key", "access_token"}) {
    if (const auto* value = fields.find(source); value != nullptr && !value->empty()) {
      fields.fields_.emplace("token", *value);
      break;
    }
  }
  if (fields.find("token") == nullptr)
    return store::Error{store::ErrorKind::kInvalid, "the stored secret has no api_key or access_token (fields: " +
                                                        fields.names_text() + ")"};
  return fields;
}

SecretFields::~SecretFields() {
  for (auto& [name, value] : fields_) store::wipe_string(value);
}

const std::string* SecretFields::find(std::string_view name) const {
  auto it = fields_.find(name);
  return it == fields_.end() ? nullptr : &it->second;
}

std::string SecretFields::names_text() const {
  std::string out;
  for (const auto& [name, value] : fields_) out += (out.empty() ? "" : ", ") + name;
  return out;
}

}  // namespace conhub::cli
