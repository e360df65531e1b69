// conhub-mcp audit [--workspace W] [--since T] [--limit N] [--json]: what agents did.
#include <chrono>
#include <cstdio>
#include <ctime>

#include <nlohmann/json.hpp>

#include <conhub/store/audit_log.hpp>
#include <conhub/store/time_text.hpp>

#include "commands.hpp"
#include "store_access.hpp"
#include "table.hpp"

namespace conhub::cli {

namespace {
constexpr const char* kUsage =
    "Usage: conhub-mcp audit [--workspace W] [--since T] [--limit N] [--json]\n\n"
    "Shows the audit log: every tools/call, resources/read and prompts/get served, and every\n"
    "credential handed to a program by `wrap`, oldest first, with client, duration, outcome\n"
    "and redacted arguments.\n\n"
    "Options:\n"
    "  --workspace W   only this workspace\n"
    "  --since T       an age (30m, 24h, 7d, 2w) or a UTC time (2025-06-01, 2025-06-01T12:00:00Z)\n"
    "  --limit N       the newest N records (default 100)\n"
    "  --json          machine-readable output, with arguments\n\n"
    "Rows older than the serving process's --audit-retention-days (default 90) are pruned.\n";

std::string format_us(std::int64_t at_us) {
  const auto seconds = at_us / 1'000'000;
  auto text = store::format_utc(seconds);
  char ms[8];
  std::snprintf(ms, sizeof ms, ".%03lld", static_cast<long long>((at_us % 1'000'000) / 1000));
  return text.substr(0, text.size() - 1) + ms + "Z";
}
}  // namespace

int audit_command(Args& args) {
  if (args.flag("--help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  store::AuditQuery query;
  query.workspace = args.value("--workspace");
  const auto since = args.value("--since");
  const auto limit = args.value("--limit");
  const bool json = args.flag("--json");
  args.expect_empty();
  if (since) {
    auto t = store::parse_since(*since, static_cast<std::int64_t>(std::time(nullptr)));
    if (!t) throw UsageError{t.error().message};
    query.since_us = *t * 1'000'000;
  }
  if (limit) {
    try {
      std::size_t used = 0;
      const long long n = std::stoll(*limit, &used);
      if (used != limit->size() || n < 1) throw std::invalid_argument("range");
      query.limit = static_cast<std::size_t>(n);
    } catch (const std::exception&) {
      throw UsageError{"--limit needs a whole number of at least 1, got '" + *limit + "'"};
    }
  }
  auto store = open_store();
  if (!store) return fail("audit", store.error());
  auto rows = store::AuditLog(store->db).query(query);
  if (!rows) return fail("audit", rows.error());
  if (json) {
    auto out = nlohmann::json::array();
    for (const auto& e : *rows)
      out.push_back({{"time", format_us(e.at_us)},
                     {"workspace", e.workspace},
                     {"client", e.client},
                     {"principal", e.principal.empty() ? nlohmann::json() : nlohmann::json(e.principal)},
                     {"connection", e.connection.empty() ? nlohmann::json() : nlohmann::json(e.connection)},
                     {"method", e.method},
                     {"name", e.name},
                     {"duration_ms", static_cast<double>(e.duration_us) / 1000.0},
                     {"ok", e.ok},
                     {"error", e.error_text.empty() ? nlohmann::json() : nlohmann::json(e.error_text)},
                     {"arguments", e.arguments}});
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::vector<std::vector<std::string>> table;
  for (const auto& e : *rows) {
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.1f ms", static_cast<double>(e.duration_us) / 1000.0);
    table.push_back({format_us(e.at_us), e.workspace, e.client, e.method, e.name, duration, e.ok ? "ok" : "error", e.error_text});
  }
  print_table(stdout, {"TIME", "WORKSPACE", "CLIENT", "METHOD", "NAME", "DURATION", "OUTCOME", "ERROR"}, table);
  return 0;
}

}  // namespace conhub::cli
