// Result<T>: a value or a store::Error, the store's local-failure plane (STYLE.md §3, plane 3).
// The store must not include mcp/, so it carries its own small expected-like type; the CLI
// prints Error::message as the one-line reason of a failed command.
// Thread-safety: value types.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace conhub::store {

enum class ErrorKind {
  kIo,           // file system: data directory, key file
  kDatabase,     // SQLite
  kSchema,       // migrations, a database from a newer version
  kCrypto,       // a secret that does not open: wrong key, tampered or moved row
  kKey,          // the master key is missing, malformed or unsafe
  kNotFound,     // no such workspace, connection or token
  kConflict,     // already exists, or in use
  kInvalid,      // bad input: a name, a secret's shape, a token's format
  kUnauthorized, // a token that is unknown, revoked or does not match
};

struct Error {
  ErrorKind kind = ErrorKind::kDatabase;
  std::string message;  // one line, safe to show: never quotes a secret
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}    // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(state_); }
  const T& value() const& { assert(ok()); return std::get<0>(state_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { assert(!ok()); return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

/// Result of an operation that yields nothing but may fail.
struct Done {};
using Status = Result<Done>;
inline Status ok_status() { return Done{}; }

}  // namespace conhub::store
