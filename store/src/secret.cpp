#include "conhub/store/secret.hpp"

#include <sodium.h>

#include <cstring>
#include <new>

#include <nlohmann/json.hpp>

namespace conhub::store {

namespace {

void wipe_json(nlohmann::json& value) {
  if (value.is_string()) {
    wipe_string(value.get_ref<std::string&>());
  } else if (value.is_structured()) {
    for (auto& item : value) wipe_json(item);
  }
}

// Wipes the parsed copy however the function leaves.
struct JsonWiper {
  nlohmann::json& value;
  ~JsonWiper() { wipe_json(value); }
};

bool non_empty_string(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() && !it->get_ref<const std::string&>().empty();
}

Status check_shape(nlohmann::json& object) {
  if (!object.contains("kind")) {
    if (object.contains("access_token")) object["kind"] = "oauth2";
    else if (object.contains("api_key")) object["kind"] = "api_key";
  }
  const auto kind = object.value("kind", std::string());
  if (kind == "api_key") {
    if (!non_empty_string(object, "api_key"))
      return Error{ErrorKind::kInvalid, "an api_key secret needs a non-empty string \"api_key\""};
  } else if (kind == "oauth2") {
    if (!non_empty_string(object, "access_token"))
      return Error{ErrorKind::kInvalid, "an oauth2 secret needs a non-empty string \"access_token\""};
    for (const char* key : {"refresh_token", "instance_url"})
      if (object.contains(key) && !object[key].is_string())
        return Error{ErrorKind::kInvalid, std::string("\"") + key + "\" must be a string"};
    if (object.contains("expires_at") && !object["expires_at"].is_string() && !object["expires_at"].is_number_integer())
      return Error{ErrorKind::kInvalid, "\"expires_at\" must be an ISO 8601 string or Unix seconds"};
    if (object.contains("scopes") && !object["scopes"].is_array())
      return Error{ErrorKind::kInvalid, "\"scopes\" must be an array of strings"};
  } else {
    return Error{ErrorKind::kInvalid, "a secret object needs \"kind\": \"api_key\" or \"oauth2\""};
  }
  return ok_status();
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

}  // namespace

void wipe_string(std::string& text) {
  if (!text.empty()) sodium_memzero(text.data(), text.size());
}

void wipe_bytes(void* data, std::size_t size) { sodium_memzero(data, size); }

Secret::Secret(Secret&& other) noexcept : data_(other.data_), size_(other.size_) {
  other.data_ = nullptr;
  other.size_ = 0;
}

Secret& Secret::operator=(Secret&& other) noexcept {
  if (this != &other) {
    wipe();
    data_ = other.data_;
    size_ = other.size_;
    other.data_ = nullptr;
    other.size_ = 0;
  }
  return *this;
}

Secret::~Secret() { wipe(); }

void Secret::assign(std::string_view text) {
  wipe();
  data_ = new char[text.size() + 1];
  std::memcpy(data_, text.data(), text.size());
  data_[text.size()] = '\0';
  size_ = text.size();
}

void Secret::wipe() {
  if (data_ != nullptr) {
    sodium_memzero(data_, size_ + 1);
    delete[] data_;
  }
  data_ = nullptr;
  size_ = 0;
}

Secret Secret::adopt(std::string_view json_text) {
  Secret s;
  s.assign(json_text);
  return s;
}

Result<Secret> Secret::parse(std::string_view text) {
  const auto body = trim(text);
  if (body.empty()) return Error{ErrorKind::kInvalid, "the secret is empty"};
  nlohmann::json object;
  JsonWiper wiper{object};
  if (body.front() == '{') {
    object = nlohmann::json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
    // Never quote the input: it is the secret.
    if (object.is_discarded() || !object.is_object())
      return Error{ErrorKind::kInvalid, "the secret starts with '{' but is not a valid JSON object"};
    if (auto st = check_shape(object); !st) return st.error();
  } else {
    if (body.find_first_of("\r\n") != std::string_view::npos)
      return Error{ErrorKind::kInvalid, "an API key must be a single line (give a JSON object for structured secrets)"};
    object = {{"kind", "api_key"}, {"api_key", std::string(body)}};
  }
  std::string dumped = object.dump();
  Secret s;
  s.assign(dumped);
  wipe_string(dumped);
  return s;
}

std::string Secret::auth_method() const {
  auto object = nlohmann::json::parse(reveal(), nullptr, false);
  JsonWiper wiper{object};
  return object.is_object() ? object.value("kind", std::string("api_key")) : std::string("api_key");
}

}  // namespace conhub::store
