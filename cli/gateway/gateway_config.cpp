#include "gateway/gateway_config.hpp"

#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace conhub::cli {

using nlohmann::json;

namespace {

const std::set<std::string> kKeys = {"command", "args", "env", "connection", "credential_env",
                                     "allow_tools", "deny_tools", "initialize_timeout_ms", "request_timeout_ms"};

[[noreturn]] void bad(const std::string& where, const std::string& what) {
  throw std::runtime_error(where + ": " + what);
}

std::vector<std::string> strings(const json& value, const std::string& where) {
  if (!value.is_array()) bad(where, "must be an array of strings");
  std::vector<std::string> out;
  for (const auto& item : value) {
    if (!item.is_string()) bad(where, "must be an array of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::chrono::milliseconds millis(const json& value, const std::string& where) {
  if (!value.is_number_integer() || value.get<long long>() < 100 || value.get<long long>() > 86'400'000)
    bad(where, "must be a whole number of milliseconds from 100 to 86400000");
  return std::chrono::milliseconds(value.get<long long>());
}

ChildConfig parse_child(const std::string& name, const json& entry) {
  static const std::regex kName("^[a-zA-Z0-9-]{1,32}$");
  const std::string where = "servers." + name;
  if (!std::regex_match(name, kName))
    bad(where, "a server name must be 1-32 letters, digits or '-' (it prefixes tool names as NAME__tool)");
  if (!entry.is_object()) bad(where, "must be an object");
  for (const auto& [key, value] : entry.items())
    if (kKeys.count(key) == 0) bad(where, "unknown key '" + key + "'");
  ChildConfig child;
  child.name = name;
  auto command = entry.find("command");
  if (command == entry.end() || !command->is_string() || command->get<std::string>().empty())
    bad(where, "needs \"command\": the program to run");
  child.argv.push_back(command->get<std::string>());
  if (auto args = entry.find("args"); args != entry.end())
    for (auto& a : strings(*args, where + ".args")) child.argv.push_back(std::move(a));
  if (auto env = entry.find("env"); env != entry.end()) {
    if (!env->is_object()) bad(where + ".env", "must be an object of strings");
    for (const auto& [key, value] : env->items()) {
      if (!value.is_string()) bad(where + ".env." + key, "must be a string");
      if (key.rfind("CONHUB_", 0) == 0) bad(where + ".env." + key, "CONHUB_* variables are never passed to children");
      child.env[key] = value.get<std::string>();
    }
  }
  if (auto connection = entry.find("connection"); connection != entry.end()) {
    if (!connection->is_string() || connection->get<std::string>().empty())
      bad(where + ".connection", "must be \"PROVIDER\" or \"PROVIDER/NAME\"");
    child.connection = connection->get<std::string>();
  }
  if (auto mapping = entry.find("credential_env"); mapping != entry.end()) {
    if (!mapping->is_object()) bad(where + ".credential_env", "must map VARIABLE to a field of the secret");
    if (!child.connection) bad(where + ".credential_env", "needs \"connection\"");
    for (const auto& [key, value] : mapping->items()) {
      if (!value.is_string()) bad(where + ".credential_env." + key, "must be a field name");
      child.credential_env.push_back({key, value.get<std::string>()});
    }
  }
  if (auto allow = entry.find("allow_tools"); allow != entry.end())
    for (auto& t : strings(*allow, where + ".allow_tools")) child.allow_tools.insert(std::move(t));
  if (auto deny = entry.find("deny_tools"); deny != entry.end())
    for (auto& t : strings(*deny, where + ".deny_tools")) child.deny_tools.insert(std::move(t));
  if (auto t = entry.find("initialize_timeout_ms"); t != entry.end())
    child.initialize_timeout = millis(*t, where + ".initialize_timeout_ms");
  if (auto t = entry.find("request_timeout_ms"); t != entry.end())
    child.request_timeout = millis(*t, where + ".request_timeout_ms");
  return child;
}

}  // namespace

std::vector<ChildConfig> parse_gateway_config(const std::string& text) {
  json root;
  try {
    root = json::parse(text);
  } catch (const json::exception& e) {
    throw std::runtime_error(std::string("not valid JSON: ") + e.what());
  }
  if (!root.is_object()) throw std::runtime_error("must be a JSON object with \"servers\"");
  auto servers = root.find("servers");
  if (servers == root.end() || !servers->is_object())
    throw std::runtime_error("needs \"servers\": an object mapping each server's name to its settings");
  std::vector<ChildConfig> children;
  for (const auto& [name, entry] : servers->items()) children.push_back(parse_child(name, entry));
  return children;
}

std::vector<ChildConfig> read_gateway_config(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path.string() + ": cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  try {
    return parse_gateway_config(text.str());
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(path.string() + ": " + e.what());
  }
}

}  // namespace conhub::cli
