// KeyRing: the master keys this process can open secrets with, looked up by key id.
// Source: CONHUB_MASTER_KEY (base64), else the key files in the data directory:
//   master.key       the current key (created on first use, mode 0600)
//   master.key.next  a key staged by `keys rotate`; present only while a rotation runs or
//                    after one was interrupted, and loaded so no secret is ever unreadable.
// A key file readable or writable by group or others is refused. find() re-reads the
// files when it misses, so a long-running server follows another process's rotation.
// Thread-safety: not thread-safe; one KeyRing per thread.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <deque>
#include <vector>

#include "conhub/store/master_key.hpp"
#include "conhub/store/result.hpp"

namespace conhub::store {

class KeyRing {
 public:
  enum class Source { kEnvironment, kKeyFile };

  /// Loads the keys. With `create_if_missing`, a missing master.key is generated (only
  /// when CONHUB_MASTER_KEY is unset); without it, a missing key is an error.
  static Result<KeyRing> load(const std::filesystem::path& data_dir, bool create_if_missing);

  /// The key named by the environment or master.key.
  const MasterKey& primary() const { return keys_.front(); }
  /// The key with this id, re-reading the key files once on a miss; nullptr if absent.
  const MasterKey* find(const std::string& key_id);
  Source source() const { return source_; }
  /// Where the keys come from, for messages ("CONHUB_MASTER_KEY" or the file path).
  std::string origin() const;
  std::vector<std::string> loaded_ids() const;
  const std::filesystem::path& data_dir() const { return data_dir_; }

  /// Adds a key held only in memory (a rotation's new key from the environment).
  void add(MasterKey key) { keys_.push_back(std::move(key)); }

 private:
  KeyRing() = default;
  Status reload();
  std::filesystem::path data_dir_;
  Source source_ = Source::kKeyFile;
  std::deque<MasterKey> keys_;  // primary first; a deque so find()'s pointers survive reload()
};

inline std::filesystem::path key_file_path(const std::filesystem::path& dir) { return dir / "master.key"; }
inline std::filesystem::path staged_key_file_path(const std::filesystem::path& dir) { return dir / "master.key.next"; }

/// Reads a key file, refusing one that group or others can access or that another user owns.
Result<MasterKey> read_key_file(const std::filesystem::path& path);
/// Writes `key` to `path` atomically (temporary file, fsync, rename, fsync of the directory)
/// with mode 0600. With `exclusive`, fails with kConflict if `path` already exists.
Status write_key_file(const std::filesystem::path& path, const MasterKey& key, bool exclusive);

}  // namespace conhub::store
