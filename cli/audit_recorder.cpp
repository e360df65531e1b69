#include "audit_recorder.hpp"

#include <chrono>

#include <conhub/store/audit_redaction.hpp>

namespace conhub::cli {

store::AuditEntry to_audit_entry(mcp::CallRecord record, const std::string& workspace) {
  store::AuditEntry e;
  const auto now = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch());
  e.at_us = (now - record.duration).count();  // when the call started
  e.workspace = workspace;
  e.client = record.client;
  e.principal = record.principal;
  e.method = record.method;
  // Redaction (a resource URI can carry a credential in its query string) happens in
  // AuditLog::append on the writer's thread, off the serving path.
  e.name = record.name;
  e.duration_us = record.duration.count();
  e.ok = record.ok;
  e.error_text = record.error_text;
  e.arguments = std::move(record.arguments);
  return e;
}

mcp::CallObserver audit_observer(store::AuditWriter& writer, std::string workspace) {
  return [&writer, workspace = std::move(workspace)](mcp::CallRecord record) {
    writer.submit(to_audit_entry(std::move(record), workspace));
  };
}

}  // namespace conhub::cli
