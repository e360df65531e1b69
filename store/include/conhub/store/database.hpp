// Database: one SQLite connection to conhub.db, configured for several processes at once
// (WAL, busy timeout, foreign keys) and migrated to the current schema when opened.
// Statement is the RAII wrapper every repository uses. A Database is used by one thread
// at a time (each thread or process opens its own); SQLite's WAL locking makes several
// connections on the same file safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conhub/store/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace conhub::store {

class Database;

class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Statement& bind_blob(int index, const std::vector<unsigned char>& blob);
  Statement& bind_null(int index);
  Statement& bind(int index, const std::optional<std::string>& text);
  Statement& bind(int index, const std::optional<std::int64_t>& value);

  /// true: a row is ready; false: done. Errors become Error (and step() returns it).
  Result<bool> step();
  /// Runs to completion, ignoring rows.
  Status run();
  /// Makes the statement ready to bind and run again (one prepare for many rows).
  void reset();

  std::int64_t column_int(int column) const;
  std::string column_text(int column) const;
  std::optional<std::string> column_optional_text(int column) const;
  std::optional<std::int64_t> column_optional_int(int column) const;
  std::vector<unsigned char> column_blob(int column) const;

 private:
  friend class Database;
  Statement(Database& db, sqlite3_stmt* stmt) : db_(&db), stmt_(stmt) {}
  Database* db_;
  sqlite3_stmt* stmt_;
  Status pending_ = ok_status();  // the first bind error, reported by step()
};

class Database {
 public:
  /// Opens (creating if needed) the database at `path` and migrates it. Refuses a database
  /// written by a newer conhub-mcp (its schema version is above the newest we know).
  static Result<Database> open(const std::filesystem::path& path);

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  ~Database();

  Result<Statement> prepare(std::string_view sql);
  /// Runs one or more statements without results (schema, pragmas).
  Status exec(std::string_view sql);

  /// Runs `body` inside BEGIN IMMEDIATE … COMMIT; rolls back when it returns an error.
  /// IMMEDIATE takes the write lock up front, so a busy database waits (busy timeout)
  /// instead of failing half-way with SQLITE_BUSY on the first write.
  Status transaction(const std::function<Status()>& body);

  std::int64_t last_insert_id() const;
  int changes() const;
  int schema_version();
  const std::filesystem::path& path() const { return path_; }

  /// The message of the connection's last error, prefixed with `what`.
  Error error(std::string_view what) const;

 private:
  Database(sqlite3* handle, std::filesystem::path path) : handle_(handle), path_(std::move(path)) {}
  sqlite3* handle_ = nullptr;
  std::filesystem::path path_;
};

/// The newest schema version this build knows (the number of migrations).
int current_schema_version();

}  // namespace conhub::store
