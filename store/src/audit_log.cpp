#include "conhub/store/audit_log.hpp"

#include "conhub/store/audit_redaction.hpp"

namespace conhub::store {

Status AuditLog::append(const std::vector<AuditEntry>& entries) {
  if (entries.empty()) return ok_status();
  return db_.transaction([&]() -> Status {
    auto one = db_.prepare(
        "INSERT INTO audit_log (at_us, workspace, client, principal, connection, method, name, duration_us, ok,"
        " error_text, arguments) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    if (!one) return one.error();
    auto opt = [](const std::string& v) { return v.empty() ? std::nullopt : std::optional<std::string>(v); };
    for (const auto& e : entries) {
      // Redacted here, at the storage boundary, so no caller can store a credential and
      // the serving thread does not pay for it (AuditWriter calls this on its own thread).
      const std::string name = redact_text(e.name);
      const std::string error_text = redact_text(e.error_text);
      std::optional<std::string> arguments;
      if (!e.arguments.is_null()) arguments = redact_json(e.arguments).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      one->reset();
      one->bind(1, e.at_us).bind(2, e.workspace).bind(3, opt(e.client)).bind(4, opt(e.principal)).bind(5, opt(e.connection));
      one->bind(6, e.method).bind(7, name).bind(8, e.duration_us).bind(9, static_cast<std::int64_t>(e.ok));
      one->bind(10, opt(error_text)).bind(11, arguments);
      if (auto st = one->run(); !st) return st;
    }
    return ok_status();
  });
}

Result<std::vector<AuditEntry>> AuditLog::query(const AuditQuery& query) {
  std::string sql =
      "SELECT id, at_us, workspace, COALESCE(client, ''), COALESCE(principal, ''), COALESCE(connection, ''), method,"
      " COALESCE(name, ''), duration_us, ok, COALESCE(error_text, ''), arguments FROM audit_log WHERE 1";
  if (query.workspace) sql += " AND workspace = ?1";
  if (query.since_us) sql += " AND at_us >= ?2";
  sql = "SELECT * FROM (" + sql + " ORDER BY at_us DESC, id DESC LIMIT ?3) ORDER BY at_us, id";
  auto s = db_.prepare(sql);
  if (!s) return s.error();
  if (query.workspace) s->bind(1, *query.workspace);
  if (query.since_us) s->bind(2, *query.since_us);
  s->bind(3, static_cast<std::int64_t>(query.limit));
  std::vector<AuditEntry> out;
  for (;;) {
    auto row = s->step();
    if (!row) return row.error();
    if (!*row) return out;
    AuditEntry e;
    e.id = s->column_int(0);
    e.at_us = s->column_int(1);
    e.workspace = s->column_text(2);
    e.client = s->column_text(3);
    e.principal = s->column_text(4);
    e.connection = s->column_text(5);
    e.method = s->column_text(6);
    e.name = s->column_text(7);
    e.duration_us = s->column_int(8);
    e.ok = s->column_int(9) != 0;
    e.error_text = s->column_text(10);
    if (auto args = s->column_optional_text(11)) e.arguments = nlohmann::json::parse(*args, nullptr, false);
    if (e.arguments.is_discarded()) e.arguments = nullptr;
    out.push_back(std::move(e));
  }
}

Result<int> AuditLog::prune(std::int64_t before_us) {
  auto s = db_.prepare("DELETE FROM audit_log WHERE at_us < ?1");
  if (!s) return s.error();
  s->bind(1, before_us);
  if (auto st = s->run(); !st) return st.error();
  return db_.changes();
}

}  // namespace conhub::store
