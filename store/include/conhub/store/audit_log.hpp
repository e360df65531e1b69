// AuditLog: one row per tools/call, resources/read and prompts/get served. Arguments
// arrive already redacted (audit_redaction.hpp); nothing here ever holds a credential.
// Thread-safety: as the Database (one thread at a time); AuditWriter owns one per server.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "conhub/store/database.hpp"
#include "conhub/store/result.hpp"

namespace conhub::store {

struct AuditEntry {
  std::int64_t id = 0;     // assigned by the database
  std::int64_t at_us = 0;  // Unix time in microseconds
  std::string workspace;
  std::string client;      // "name/version" from the client's initialize
  std::string principal;   // e.g. an access token id
  std::string connection;  // "provider/name" when a connection served the call
  std::string method;
  std::string name;
  std::int64_t duration_us = 0;
  bool ok = true;
  std::string error_text;
  nlohmann::json arguments;  // redacted by append() before it is stored
};

struct AuditQuery {
  std::optional<std::string> workspace;
  std::optional<std::int64_t> since_us;
  std::size_t limit = 100;  // the newest `limit` rows, returned oldest first
};

class AuditLog {
 public:
  explicit AuditLog(Database& db) : db_(db) {}

  /// Appends all entries in one transaction (one fsync-free WAL commit for a batch).
  Status append(const std::vector<AuditEntry>& entries);
  Result<std::vector<AuditEntry>> query(const AuditQuery& query);
  /// Deletes rows older than `before_us`; returns how many.
  Result<int> prune(std::int64_t before_us);

 private:
  Database& db_;
};

}  // namespace conhub::store
