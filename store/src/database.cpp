#include "conhub/store/database.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <fmt/format.h>

#include "migrations.hpp"

namespace conhub::store {

namespace {

// Long enough to ride out another process's rotation or migration; short enough that a
// stuck writer surfaces as an error instead of a hang.
constexpr int kBusyTimeoutMs = 10'000;

Status apply_migrations(Database& db) {
  const auto& all = detail::migrations();
  const int known = static_cast<int>(all.size());
  const int found = db.schema_version();
  if (found < 0) return db.error("reading the schema version");
  if (found > known)
    return Error{ErrorKind::kSchema,
                 fmt::format("{} has schema version {}, but this conhub-mcp knows versions up to {}: it was written "
                             "by a newer conhub-mcp. Upgrade conhub-mcp, or restore a backup made with this version.",
                             db.path().string(), found, known)};
  for (int version = found; version < known; ++version) {
    // Each migration is its own transaction. The version is re-read under the write lock
    // because another process may have applied it since we looked.
    auto applied = db.transaction([&]() -> Status {
      const int now = db.schema_version();
      if (now > version) return ok_status();
      if (auto st = db.exec(all[static_cast<std::size_t>(version)].sql); !st)
        return Error{ErrorKind::kSchema, fmt::format("migration {} failed: {}", all[static_cast<std::size_t>(version)].file, st.error().message)};
      return db.exec(fmt::format("PRAGMA user_version = {}", version + 1));
    });
    if (!applied) return applied.error();
  }
  return ok_status();
}

}  // namespace

int current_schema_version() { return static_cast<int>(detail::migrations().size()); }

Result<Database> Database::open(const std::filesystem::path& path) {
  // Created 0600 before SQLite sees it: SQLite gives the -wal and -shm files the same mode.
  // O_EXCL: only when the file does not exist yet. close() on any descriptor of a file drops
  // every POSIX lock this process holds on it, including those SQLite took for connections
  // already open here. A serve process that opened the database a second time was seen to
  // keep reading a snapshot from before other processes' commits (issue 5); without this
  // close it no longer did (26 of 26 e2e runs), though the exact path is not pinned down.
  if (const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600); fd >= 0) ::close(fd);
  sqlite3* handle = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  Database db(handle, path);
  if (rc != SQLITE_OK) return db.error("opening " + path.string());
  sqlite3_busy_timeout(handle, kBusyTimeoutMs);
  sqlite3_extended_result_codes(handle, 1);
  // WAL lets readers (a serving process) run while a writer (the CLI) commits; NORMAL
  // synchronous in WAL never corrupts on a crash, it may only lose the last commits on
  // power loss. Rotation asks for FULL where durability decides which key is current.
  if (auto st = db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"); !st)
    return Error{st.error().kind, fmt::format("{} is not a usable conhub database: {}", path.string(), st.error().message)};
  if (auto st = apply_migrations(db); !st) return st.error();
  return db;
}

Database::Database(Database&& other) noexcept : handle_(other.handle_), path_(std::move(other.path_)) { other.handle_ = nullptr; }

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    if (handle_ != nullptr) sqlite3_close_v2(handle_);
    handle_ = other.handle_;
    path_ = std::move(other.path_);
    other.handle_ = nullptr;
  }
  return *this;
}

Database::~Database() {
  if (handle_ != nullptr) sqlite3_close_v2(handle_);
}

Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(handle_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK)
    return error("preparing a statement");
  return Statement(*this, stmt);
}

Status Database::exec(std::string_view sql) {
  const std::string text(sql);
  char* message = nullptr;
  if (sqlite3_exec(handle_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string why = message != nullptr ? message : sqlite3_errmsg(handle_);
    sqlite3_free(message);
    return Error{ErrorKind::kDatabase, why};
  }
  return ok_status();
}

Status Database::transaction(const std::function<Status()>& body) {
  if (auto st = exec("BEGIN IMMEDIATE"); !st) return Error{ErrorKind::kDatabase, "starting a transaction: " + st.error().message};
  Status result = body();
  if (!result) {
    (void)exec("ROLLBACK");
    return result;
  }
  if (auto st = exec("COMMIT"); !st) {
    (void)exec("ROLLBACK");
    return Error{ErrorKind::kDatabase, "committing: " + st.error().message};
  }
  return result;
}

std::int64_t Database::last_insert_id() const { return sqlite3_last_insert_rowid(handle_); }

int Database::changes() const { return sqlite3_changes(handle_); }

int Database::schema_version() {
  auto stmt = prepare("PRAGMA user_version");
  if (!stmt) return -1;
  auto row = stmt->step();
  if (!row || !*row) return -1;
  return static_cast<int>(stmt->column_int(0));
}

Error Database::error(std::string_view what) const {
  const char* message = handle_ != nullptr ? sqlite3_errmsg(handle_) : "out of memory";
  return Error{ErrorKind::kDatabase, fmt::format("{}: {}", what, message)};
}

}  // namespace conhub::store
