// Master key rotation: every secret re-encrypted under a new key in one transaction.
// Key file mode, in this order, so an interruption at any point leaves every secret
// readable by some loaded key:
//   1. the new key is written to master.key.next (fsync'ed);
//   2. one transaction re-seals every secret and sets meta.current_key_id; it commits
//      with synchronous=FULL, so the commit is durable before the old key goes;
//   3. master.key.next is renamed over master.key (the old key is gone only now).
// A crash before 3 leaves both files; KeyRing loads both, and the next rotation first
// finishes (or discards) the staged key. Environment mode: the new key comes from the
// caller; the operator updates CONHUB_MASTER_KEY afterwards.
// An flock on master.key.lock keeps two rotations from interleaving.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "conhub/store/database.hpp"
#include "conhub/store/key_ring.hpp"
#include "conhub/store/master_key.hpp"
#include "conhub/store/result.hpp"

namespace conhub::store {

/// Points a test can stop at (crash-safety tests block or exit there).
enum class RotationStage { kKeyStaged, kHalfReencrypted, kCommitted, kKeyInstalled };

struct RotationOptions {
  std::optional<MasterKey> new_key;  // required when the ring comes from CONHUB_MASTER_KEY
  std::function<void(RotationStage)> on_stage;
};

struct RotationReport {
  std::string old_key_id;  // the previous current key ("" when nothing was sealed yet)
  std::string new_key_id;
  int secrets = 0;
  bool resumed = false;  // an interrupted rotation was found and finished first
};

Result<RotationReport> rotate_master_key(Database& db, KeyRing& ring, RotationOptions options = {});

}  // namespace conhub::store
