// Schema builder and the validator for the subset it builds. Arguments are checked before
// a tool handler runs, so handlers receive well-typed input and models get messages that
// say which argument to fix.
#include "conhub/mcp/schema.hpp"

#include <cmath>

namespace conhub::mcp {

using Json = nlohmann::json;

namespace {

Json typed(const char* type, std::string description) {
  Json out{{"type", type}};
  if (!description.empty()) out["description"] = std::move(description);
  return out;
}

}  // namespace

Schema Schema::object(std::initializer_list<Property> properties) {
  Json out{{"type", "object"}, {"properties", Json::object()}};
  Json required = Json::array();
  for (const auto& [name, schema] : properties) {
    out["properties"][name] = schema.json_;
    if (!schema.optional_) required.push_back(name);
  }
  if (!required.empty()) out["required"] = std::move(required);
  return Schema(std::move(out));
}
Schema Schema::string(std::string description) { return Schema(typed("string", std::move(description))); }
Schema Schema::integer(std::string description) { return Schema(typed("integer", std::move(description))); }
Schema Schema::number(std::string description) { return Schema(typed("number", std::move(description))); }
Schema Schema::boolean(std::string description) { return Schema(typed("boolean", std::move(description))); }
Schema Schema::array(Schema items, std::string description) {
  Json out = typed("array", std::move(description));
  out["items"] = std::move(items.json_);
  return Schema(std::move(out));
}
Schema Schema::any(std::string description) {
  Json out = Json::object();
  if (!description.empty()) out["description"] = std::move(description);
  return Schema(std::move(out));
}
Schema Schema::raw(Json schema) { return Schema(std::move(schema)); }

Schema& Schema::describe(std::string description) {
  json_["description"] = std::move(description);
  return *this;
}
// Integral bounds are written as integers so schemas and messages read "100", not "100.0".
namespace {
Json bound(double value) {
  if (std::floor(value) == value && std::fabs(value) < 9.0e15) return static_cast<std::int64_t>(value);
  return value;
}
}  // namespace

Schema& Schema::range(double minimum, double maximum) {
  json_["minimum"] = bound(minimum);
  json_["maximum"] = bound(maximum);
  return *this;
}
Schema& Schema::length(std::size_t min_length, std::size_t max_length) {
  json_["minLength"] = min_length;
  json_["maxLength"] = max_length;
  return *this;
}
Schema& Schema::one_of(std::vector<std::string> allowed) {
  json_["enum"] = std::move(allowed);
  return *this;
}
Schema& Schema::default_value(Json value) {
  json_["default"] = std::move(value);
  return *this;
}
Schema& Schema::optional() {
  optional_ = true;
  return *this;
}
Schema& Schema::closed() {
  json_["additionalProperties"] = false;
  return *this;
}

namespace {

bool has_type(const Json& value, const std::string& type) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "boolean") return value.is_boolean();
  if (type == "null") return value.is_null();
  if (type == "number") return value.is_number();
  if (type == "integer") {
    if (value.is_number_integer()) return true;
    if (!value.is_number_float()) return false;
    double d = value.get<double>();
    return std::isfinite(d) && std::floor(d) == d;
  }
  return true;  // unknown type keywords are not ours to judge
}

std::string display(const std::string& path) { return path.empty() ? "arguments" : "argument '" + path + "'"; }

std::string validate(const Json& schema, const Json& value, const std::string& path) {
  if (!schema.is_object()) return {};
  if (auto t = schema.find("type"); t != schema.end()) {
    bool ok = false;
    std::string wanted;
    if (t->is_string()) {
      ok = has_type(value, *t);
      wanted = *t;
    } else if (t->is_array()) {
      for (const auto& each : *t) {
        if (each.is_string() && has_type(value, each)) ok = true;
        wanted += (wanted.empty() ? "" : " or ") + each.get<std::string>();
      }
    } else {
      ok = true;
    }
    if (!ok) return display(path) + " must be of type " + wanted + ", got " + value.type_name();
  }
  if (auto e = schema.find("enum"); e != schema.end() && e->is_array()) {
    bool found = false;
    for (const auto& option : *e) found = found || option == value;
    if (!found) return display(path) + " must be one of " + e->dump();
  }
  if (value.is_number()) {
    double d = value.get<double>();
    if (auto m = schema.find("minimum"); m != schema.end() && m->is_number() && d < m->get<double>())
      return display(path) + " must be at least " + m->dump();
    if (auto m = schema.find("maximum"); m != schema.end() && m->is_number() && d > m->get<double>())
      return display(path) + " must be at most " + m->dump();
  }
  if (value.is_string()) {
    // Length in code points, as JSON Schema defines it.
    std::size_t length = 0;
    for (unsigned char c : value.get_ref<const std::string&>()) length += (c & 0xC0) != 0x80;
    if (auto m = schema.find("minLength"); m != schema.end() && m->is_number_unsigned() && length < m->get<std::size_t>())
      return display(path) + " must be at least " + m->dump() + " characters long";
    if (auto m = schema.find("maxLength"); m != schema.end() && m->is_number_unsigned() && length > m->get<std::size_t>())
      return display(path) + " must be at most " + m->dump() + " characters long";
  }
  if (value.is_array()) {
    if (auto items = schema.find("items"); items != schema.end()) {
      for (std::size_t i = 0; i < value.size(); ++i) {
        auto problem = validate(*items, value[i], path + "[" + std::to_string(i) + "]");
        if (!problem.empty()) return problem;
      }
    }
  }
  if (value.is_object()) {
    const auto prefix = path.empty() ? std::string() : path + ".";
    if (auto required = schema.find("required"); required != schema.end() && required->is_array()) {
      for (const auto& name : *required) {
        if (name.is_string() && !value.contains(name.get<std::string>()))
          return "missing required argument '" + prefix + name.get<std::string>() + "'";
      }
    }
    auto properties = schema.find("properties");
    for (const auto& [name, item] : value.items()) {
      if (properties != schema.end() && properties->is_object() && properties->contains(name)) {
        auto problem = validate((*properties)[name], item, prefix + name);
        if (!problem.empty()) return problem;
      } else if (auto extra = schema.find("additionalProperties"); extra != schema.end() && *extra == false) {
        return "unknown argument '" + prefix + name + "'";
      }
    }
  }
  return {};
}

}  // namespace

std::string validate_against_schema(const Json& schema, const Json& value) { return validate(schema, value, ""); }

}  // namespace conhub::mcp
