#include "conhub/store/vault.hpp"

#include <sodium.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace conhub::store {

namespace {

// A JSON array is an unambiguous encoding of the fields (no separator games); the
// version tag lets a future format change its associated data without ambiguity.
std::string associated_data(const SealContext& where, const std::string& key_id) {
  return nlohmann::json::array({"conhub-secret-v1", where.workspace_id, where.provider, where.connection_id, key_id}).dump();
}

constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;

}  // namespace

Sealed seal_secret(const MasterKey& key, const SealContext& where, const Secret& secret) {
  ensure_sodium();
  const auto plain = secret.reveal();
  const auto ad = associated_data(where, key.id());
  Sealed out;
  out.key_id = key.id();
  out.blob.resize(kNonce + plain.size() + kTag);
  randombytes_buf(out.blob.data(), kNonce);
  unsigned long long written = 0;
  key.use([&](const unsigned char* k) {
    crypto_aead_xchacha20poly1305_ietf_encrypt(out.blob.data() + kNonce, &written,
                                               reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
                                               reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr,
                                               out.blob.data(), k);
  });
  out.blob.resize(kNonce + written);
  return out;
}

Result<Secret> open_secret(KeyRing& ring, const SealContext& where, const Sealed& sealed) {
  ensure_sodium();
  if (sealed.key_id.empty() || sealed.blob.size() < kNonce + kTag)
    return Error{ErrorKind::kCrypto, fmt::format("connection {} has no readable secret stored (the row is empty or truncated); "
                                                 "reconnect it with `conhub-mcp connect`", where.label)};
  const MasterKey* key = ring.find(sealed.key_id);
  if (key == nullptr) {
    std::string loaded;
    for (const auto& id : ring.loaded_ids()) loaded += (loaded.empty() ? "" : ", ") + id;
    return Error{ErrorKind::kKey, fmt::format("cannot open the secret of connection {}: it is sealed with master key {}, "
                                              "but only {} is loaded (from {}). Restore the matching key file or "
                                              "CONHUB_MASTER_KEY.", where.label, sealed.key_id, loaded, ring.origin())};
  }
  const auto ad = associated_data(where, sealed.key_id);
  const std::size_t cipher_size = sealed.blob.size() - kNonce;
  std::string plain(cipher_size - kTag, '\0');
  unsigned long long written = 0;
  int rc = -1;
  key->use([&](const unsigned char* k) {
    rc = crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plain.data()), &written, nullptr,
                                                    sealed.blob.data() + kNonce, cipher_size,
                                                    reinterpret_cast<const unsigned char*>(ad.data()), ad.size(),
                                                    sealed.blob.data(), k);
  });
  if (rc != 0)
    return Error{ErrorKind::kCrypto, fmt::format("cannot open the secret of connection {}: it does not authenticate under "
                                                 "master key {} (the row was modified, copied from another connection, or "
                                                 "the key was replaced)", where.label, sealed.key_id)};
  plain.resize(written);
  auto secret = Secret::adopt(plain);
  wipe_string(plain);
  return secret;
}

}  // namespace conhub::store
