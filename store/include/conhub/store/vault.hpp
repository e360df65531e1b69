// Vault: seals and opens connection secrets with XChaCha20-Poly1305 (IETF AEAD).
// A sealed blob is nonce (24 random bytes) || ciphertext+tag. The associated data binds
// it to workspace id, provider, connection id and key id, so a blob copied to another
// row, workspace or key id does not open. Failures name the connection, never the secret.
// Stateless functions; thread-safe as far as the MasterKey/KeyRing passed in are.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "conhub/store/key_ring.hpp"
#include "conhub/store/master_key.hpp"
#include "conhub/store/result.hpp"
#include "conhub/store/secret.hpp"

namespace conhub::store {

/// Which row a secret belongs to; `label` ("github/work in workspace default") is for messages.
struct SealContext {
  std::int64_t workspace_id = 0;
  std::string provider;
  std::int64_t connection_id = 0;
  std::string label;
};

struct Sealed {
  std::vector<unsigned char> blob;
  std::string key_id;
};

Sealed seal_secret(const MasterKey& key, const SealContext& where, const Secret& secret);
/// Finds the key named by `sealed.key_id` in `ring` and opens the blob.
Result<Secret> open_secret(KeyRing& ring, const SealContext& where, const Sealed& sealed);

}  // namespace conhub::store
