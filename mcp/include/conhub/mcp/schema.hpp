// Schema: a small builder for the JSON Schemas of tool inputs and outputs.
// It produces plain JSON Schema (draft 2020-12 subset) and the server validates
// tool arguments against it before a handler runs. Value type; thread-safe to copy.
#pragma once

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace conhub::mcp {

class Schema {
 public:
  using Property = std::pair<std::string, Schema>;

  static Schema object(std::initializer_list<Property> properties = {});
  static Schema string(std::string description = {});
  static Schema integer(std::string description = {});
  static Schema number(std::string description = {});
  static Schema boolean(std::string description = {});
  static Schema array(Schema items, std::string description = {});
  /// Any JSON value; use for pass-through fields.
  static Schema any(std::string description = {});
  /// Wraps a schema written by hand (e.g. read from a file).
  static Schema raw(nlohmann::json schema);

  Schema& describe(std::string description);
  Schema& range(double minimum, double maximum);
  Schema& length(std::size_t min_length, std::size_t max_length);
  Schema& one_of(std::vector<std::string> allowed);  // string enum
  Schema& default_value(nlohmann::json value);
  /// An optional property of its parent object (properties are required by default).
  Schema& optional();
  /// Object schemas only: reject properties that are not declared.
  Schema& closed();

  bool is_optional() const { return optional_; }
  const nlohmann::json& json() const { return json_; }

 private:
  explicit Schema(nlohmann::json json) : json_(std::move(json)) {}
  nlohmann::json json_;
  bool optional_ = false;
};

/// Checks `value` against `schema` (the subset Schema builds: type, properties, required,
/// additionalProperties:false, items, minimum/maximum, minLength/maxLength, enum).
/// Returns an empty string when valid, else a message a model can act on,
/// e.g. "argument 'limit' must be at most 100".
std::string validate_against_schema(const nlohmann::json& schema, const nlohmann::json& value);

}  // namespace conhub::mcp
