// Wiring between the framework's call reports (mcp::ServerOptions::on_call) and the
// store's audit log: turns each CallRecord into a redacted AuditEntry and hands it to
// the AuditWriter, which writes off the serving thread. Thread-safe (called from workers).
#pragma once

#include <string>

#include <conhub/mcp/server.hpp>
#include <conhub/store/audit_writer.hpp>

namespace conhub::cli {

store::AuditEntry to_audit_entry(mcp::CallRecord record, const std::string& workspace);
mcp::CallObserver audit_observer(store::AuditWriter& writer, std::string workspace);

}  // namespace conhub::cli
