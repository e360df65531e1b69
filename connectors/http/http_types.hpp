// Request and response values for the connectors' HTTP client: a method, a target (path and
// query, percent-encoded by with_query), headers with case-insensitive lookup, and a body.
// Who owns what: plain values, each owns its strings.
// Thread-safety: value types; share a const one freely, copy to mutate.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace conhub::connectors {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete };
std::string_view method_name(Method method);
/// RFC 9110 §9.2.2: GET, HEAD, PUT and DELETE may be repeated; POST and PATCH may not.
bool is_idempotent(Method method);

/// An ordered list of header fields. Names compare case-insensitively (RFC 9110 §5.1);
/// a name may repeat (Link, Set-Cookie), so lookups return the first or all values.
class Headers {
 public:
  Headers() = default;
  Headers(std::initializer_list<std::pair<std::string, std::string>> fields);

  void add(std::string name, std::string value);
  /// Replaces every field of that name with one.
  void set(std::string name, std::string value);
  void remove(std::string_view name);
  std::optional<std::string_view> get(std::string_view name) const;
  std::vector<std::string_view> get_all(std::string_view name) const;
  bool contains(std::string_view name) const { return get(name).has_value(); }
  bool empty() const { return fields_.empty(); }
  std::size_t size() const { return fields_.size(); }
  void clear() { fields_.clear(); }
  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

bool iequals(std::string_view a, std::string_view b);

struct Request {
  Method method = Method::kGet;
  /// Path and query relative to the client's base URL ("/repos/o/r/issues?page=2"), or an
  /// absolute URL on the base URL's origin (a Link rel="next" target). Build queries with
  /// with_query so every value is percent-encoded.
  std::string target;
  Headers headers;
  std::string body;
  /// Whether a failed attempt may be sent again after the server may have seen it.
  /// Unset: decided by the method (is_idempotent).
  std::optional<bool> idempotent;
};

struct Response {
  int status = 0;
  Headers headers;
  std::string body;
  int attempts = 1;  // how many times the request was sent
};

using QueryParams = std::vector<std::pair<std::string, std::string>>;

/// RFC 3986 §2.3: every byte except ALPHA / DIGIT / "-" / "." / "_" / "~" becomes %XX.
std::string percent_encode(std::string_view text);
/// Decodes %XX escapes; a malformed escape is kept as it is.
std::string percent_decode(std::string_view text);
/// Appends key=value pairs, both percent-encoded, with '?' or '&' as the target needs.
std::string with_query(std::string_view target, const QueryParams& params);
/// Sets one query parameter: replaces every existing `key=` pair or appends one.
std::string set_query_param(std::string_view target, std::string_view key, std::string_view value);
/// The path of a target without its query or fragment and without scheme and authority:
/// the part that is safe to name in logs and errors (queries may carry user text or keys).
std::string path_only(std::string_view target);

}  // namespace conhub::connectors
