// MasterKey: 32 random bytes that seal every secret, kept in libsodium guarded memory
// (sodium_malloc: guard pages, mlock; mprotect'ed no-access except while in use).
// Its id ("k-" + 16 hex digits) is a one-way digest, safe to store and print.
// Thread-safety: use() toggles page protection, so one MasterKey is used by one thread
// at a time (each process loads its own).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "conhub/store/result.hpp"

namespace conhub::store {

class MasterKey {
 public:
  static constexpr std::size_t kSize = 32;

  static MasterKey generate();
  /// Decodes standard base64 (with or without padding) of exactly 32 bytes.
  /// `origin` names where the text came from, for the error message.
  static Result<MasterKey> from_base64(std::string_view text, std::string_view origin);

  MasterKey(MasterKey&& other) noexcept;
  MasterKey& operator=(MasterKey&& other) noexcept;
  MasterKey(const MasterKey&) = delete;
  ~MasterKey();

  const std::string& id() const { return id_; }
  /// Base64 of the key, for writing the key file. The caller wipes the returned string.
  std::string to_base64() const;
  /// Runs `body` with read access to the 32 key bytes.
  void use(const std::function<void(const unsigned char*)>& body) const;

 private:
  MasterKey();
  void compute_id();
  unsigned char* bytes_ = nullptr;  // sodium_malloc'ed, kept PROT_NONE between uses
  std::string id_;
};

/// Calls sodium_init() once; aborts the process if libsodium cannot initialise (no
/// safe way to continue without a working random source).
void ensure_sodium();

}  // namespace conhub::store
