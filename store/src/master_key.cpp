#include "conhub/store/master_key.hpp"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

#include <fmt/format.h>

#include "conhub/store/secret.hpp"

namespace conhub::store {

void ensure_sodium() {
  static const int rc = sodium_init();
  if (rc < 0) {
    std::fputs("conhub-mcp: libsodium failed to initialise\n", stderr);
    std::abort();
  }
}

MasterKey::MasterKey() {
  ensure_sodium();
  bytes_ = static_cast<unsigned char*>(sodium_malloc(kSize));
  if (bytes_ == nullptr) throw std::bad_alloc();
}

MasterKey::MasterKey(MasterKey&& other) noexcept : bytes_(other.bytes_), id_(std::move(other.id_)) { other.bytes_ = nullptr; }

MasterKey& MasterKey::operator=(MasterKey&& other) noexcept {
  if (this != &other) {
    if (bytes_ != nullptr) sodium_free(bytes_);
    bytes_ = other.bytes_;
    id_ = std::move(other.id_);
    other.bytes_ = nullptr;
  }
  return *this;
}

MasterKey::~MasterKey() {
  if (bytes_ != nullptr) sodium_free(bytes_);  // sodium_free wipes before unmapping
}

MasterKey MasterKey::generate() {
  MasterKey key;
  randombytes_buf(key.bytes_, kSize);
  key.compute_id();
  return key;
}

Result<MasterKey> MasterKey::from_base64(std::string_view text, std::string_view origin) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.remove_suffix(1);
  MasterKey key;
  std::size_t decoded = 0;
  unsigned char buffer[kSize + 8];
  const bool good =
      sodium_base642bin(buffer, sizeof buffer, text.data(), text.size(), " \t", &decoded, nullptr, sodium_base64_VARIANT_ORIGINAL) == 0 ||
      sodium_base642bin(buffer, sizeof buffer, text.data(), text.size(), " \t", &decoded, nullptr, sodium_base64_VARIANT_ORIGINAL_NO_PADDING) == 0;
  if (!good || decoded != kSize) {
    sodium_memzero(buffer, sizeof buffer);
    return Error{ErrorKind::kKey, fmt::format("the master key in {} is not base64 of 32 bytes (generate one with "
                                              "`head -c 32 /dev/urandom | base64`)", origin)};
  }
  std::memcpy(key.bytes_, buffer, kSize);
  sodium_memzero(buffer, sizeof buffer);
  key.compute_id();
  return key;
}

void MasterKey::compute_id() {
  static constexpr unsigned char kContext[] = "conhub-master-key-id-v1";
  unsigned char digest[8];
  crypto_generichash(digest, sizeof digest, bytes_, kSize, kContext, sizeof kContext - 1);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  id_ = std::string("k-") + hex;
  sodium_mprotect_noaccess(bytes_);
}

std::string MasterKey::to_base64() const {
  std::string out;
  use([&](const unsigned char* bytes) {
    char text[sodium_base64_ENCODED_LEN(kSize, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(text, sizeof text, bytes, kSize, sodium_base64_VARIANT_ORIGINAL);
    out = text;
    sodium_memzero(text, sizeof text);
  });
  return out;
}

void MasterKey::use(const std::function<void(const unsigned char*)>& body) const {
  sodium_mprotect_readonly(bytes_);
  body(bytes_);
  sodium_mprotect_noaccess(bytes_);
}

}  // namespace conhub::store
