#include "session/sealed_state.hpp"

#include <sodium.h>

#include <cstring>
#include <stdexcept>

#include "jsonrpc/message.hpp"

namespace conhub::mcp::detail {

using nlohmann::json;

namespace {

void ensure_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

SealedState::SealedState(const std::string& key) {
  ensure_sodium();
  if (key.empty()) {
    randombytes_buf(key_.data(), key_.size());
  } else {
    crypto_generichash(key_.data(), key_.size(), reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                       nullptr, 0);
  }
}

SealedState::~SealedState() { sodium_memzero(key_.data(), key_.size()); }

std::string SealedState::seal(const std::string& kind, json payload, std::chrono::seconds lifetime) const {
  json envelope{{"k", kind}, {"x", now_seconds() + lifetime.count()}, {"p", std::move(payload)}};
  std::string body = dump(envelope);
  std::string out(crypto_auth_hmacsha256_BYTES, '\0');
  crypto_auth_hmacsha256(reinterpret_cast<unsigned char*>(out.data()),
                         reinterpret_cast<const unsigned char*>(body.data()), body.size(), key_.data());
  out += body;
  return base64url_encode(out);
}

std::optional<json> SealedState::open(const std::string& kind, const std::string& sealed) const {
  auto raw = base64url_decode(sealed);
  if (!raw || raw->size() <= crypto_auth_hmacsha256_BYTES) return std::nullopt;
  const auto* tag = reinterpret_cast<const unsigned char*>(raw->data());
  const auto* body = tag + crypto_auth_hmacsha256_BYTES;
  const std::size_t body_size = raw->size() - crypto_auth_hmacsha256_BYTES;
  if (crypto_auth_hmacsha256_verify(tag, body, body_size, key_.data()) != 0) return std::nullopt;
  json envelope = json::parse(body, body + body_size, nullptr, false);
  if (!envelope.is_object() || envelope.value("k", "") != kind) return std::nullopt;
  if (!envelope.contains("x") || !envelope["x"].is_number_integer() || envelope["x"].get<std::int64_t>() < now_seconds())
    return std::nullopt;
  return envelope["p"];
}

std::string base64url_encode(const std::string& bytes) {
  ensure_sodium();
  const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), variant);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::optional<std::string> base64url_decode(const std::string& text) {
  ensure_sodium();
  std::string out(text.size(), '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &length, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    return std::nullopt;
  out.resize(length);
  return out;
}

std::string digest_of(const json& value) {
  std::string text = dump(value);
  unsigned char hash[16];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(text.data()), text.size(), nullptr, 0);
  char hex[sizeof hash * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return hex;
}

}  // namespace conhub::mcp::detail
