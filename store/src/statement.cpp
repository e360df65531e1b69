#include <sqlite3.h>

#include "conhub/store/database.hpp"

namespace conhub::store {

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_), pending_(std::move(other.pending_)) {
  other.stmt_ = nullptr;
}

Statement::~Statement() {
  if (stmt_ != nullptr) sqlite3_finalize(stmt_);
}

namespace {
Status bind_status(Database& db, int rc, int index) {
  if (rc == SQLITE_OK) return ok_status();
  return db.error("binding parameter " + std::to_string(index));
}
}  // namespace

// Only the first bind failure is kept: it is the cause of the ones after it.
#define CONHUB_KEEP_FIRST(expr)                                      \
  do {                                                               \
    auto status_ = bind_status(*db_, (expr), index);                 \
    if (pending_.ok() && !status_.ok()) pending_ = std::move(status_); \
  } while (false)

Statement& Statement::bind(int index, std::int64_t value) {
  CONHUB_KEEP_FIRST(sqlite3_bind_int64(stmt_, index, value));
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  CONHUB_KEEP_FIRST(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}

Statement& Statement::bind_blob(int index, const std::vector<unsigned char>& blob) {
  CONHUB_KEEP_FIRST(sqlite3_bind_blob64(stmt_, index, blob.data(), blob.size(), SQLITE_TRANSIENT));
  return *this;
}

Statement& Statement::bind_null(int index) {
  CONHUB_KEEP_FIRST(sqlite3_bind_null(stmt_, index));
  return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& text) {
  return text ? bind(index, std::string_view(*text)) : bind_null(index);
}

Statement& Statement::bind(int index, const std::optional<std::int64_t>& value) {
  return value ? bind(index, *value) : bind_null(index);
}

#undef CONHUB_KEEP_FIRST

Result<bool> Statement::step() {
  if (!pending_.ok()) return pending_.error();
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return db_->error("running a statement");
}

Status Statement::run() {
  for (;;) {
    auto more = step();
    if (!more) return more.error();
    if (!*more) return ok_status();
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  pending_ = ok_status();
}

std::int64_t Statement::column_int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::column_text(int column) const {
  const auto* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::optional<std::string> Statement::column_optional_text(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return column_text(column);
}

std::optional<std::int64_t> Statement::column_optional_int(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return column_int(column);
}

std::vector<unsigned char> Statement::column_blob(int column) const {
  const auto* data = static_cast<const unsigned char*>(sqlite3_column_blob(stmt_, column));
  const int size = sqlite3_column_bytes(stmt_, column);
  if (data == nullptr || size <= 0) return {};
  return std::vector<unsigned char>(data, data + size);
}

}  // namespace conhub::store
