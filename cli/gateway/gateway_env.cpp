#include "gateway/gateway_env.hpp"

#include <stdexcept>

#include <conhub/store/connections.hpp>

#include "connection_lookup.hpp"
#include "secret_fields.hpp"

extern char** environ;

namespace conhub::cli {

namespace {

void set_variable(std::vector<std::string>& entries, const std::string& name, const std::string& value) {
  const std::string prefix = name + "=";
  for (auto& e : entries) {
    if (e.rfind(prefix, 0) == 0) {
      e = prefix + value;
      return;
    }
  }
  entries.push_back(prefix + value);
}

}  // namespace

GatewayEnvironment gateway_environment(const ChildConfig& child, OpenStore& store, const std::string& workspace) {
  GatewayEnvironment out;
  const std::string where = "gateway server '" + child.name + "'";
  if (child.connection) {
    const auto target = parse_connection_target(*child.connection, "gateway");
    auto connection = find_connection(store.db, workspace, target);
    if (!connection) throw std::runtime_error(where + ": " + connection.error().message);
    auto ring = load_keys(store);
    if (!ring) throw std::runtime_error(where + ": " + ring.error().message);
    auto secret = store::Connections(store.db).secret(*connection, *ring);
    if (!secret) throw std::runtime_error(where + ": " + secret.error().message);
    auto fields = SecretFields::from(*secret);
    if (!fields) throw std::runtime_error(where + ": " + connection->label() + ": " + fields.error().message);
    auto env = child_environment(environ, connection->provider, child.credential_env, *fields);
    if (!env) throw std::runtime_error(where + ": " + env.error().message);
    out.entries = env->entries;  // ChildEnvironment wipes its own copy when it goes
    out.injected = env->injected;
  } else {
    for (char** e = environ; *e != nullptr; ++e) {
      const std::string entry(*e);
      if (entry.rfind("CONHUB_", 0) != 0) out.entries.push_back(entry);
    }
  }
  for (const auto& [name, value] : child.env) set_variable(out.entries, name, value);
  return out;
}

}  // namespace conhub::cli
