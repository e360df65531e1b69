// conhub-mcp wrap PROVIDER[/NAME] [--workspace W] [--env VAR=FIELD …] -- COMMAND [ARGS…]
// Starts COMMAND with the connection's credential in its environment, so an existing MCP
// server for the provider runs without its token in any config file. The parent stays
// only to forward signals and return the child's exit code (child_process.hpp).
#include <chrono>
#include <cstdio>
#include <cstring>
#include <optional>

#include <unistd.h>

#include <conhub/store/audit_log.hpp>
#include <conhub/store/connections.hpp>

#include "child_process.hpp"
#include "commands.hpp"
#include "connection_lookup.hpp"
#include "providers.hpp"
#include "secret_fields.hpp"
#include "store_access.hpp"
#include "wrap_env.hpp"

namespace conhub::cli {

namespace {

constexpr const char* kUsage =
    "Usage: conhub-mcp wrap PROVIDER[/NAME] [--workspace W] [--env VAR=FIELD ...] -- COMMAND [ARGS...]\n\n"
    "Runs COMMAND (typically the provider's own MCP server) with the connection's credential,\n"
    "decrypted at start, in the environment variables that provider's servers read. COMMAND\n"
    "inherits stdin, stdout and stderr, so the agent talks to it directly. conhub-mcp forwards\n"
    "SIGINT, SIGTERM and SIGHUP to it and exits with its exit code (128+N when signal N ended\n"
    "it; 127 when COMMAND is not found, 126 when it cannot be run). No CONHUB_* variable\n"
    "reaches COMMAND, and the credential is never put on a command line.\n\n"
    "PROVIDER alone picks the workspace's only connection of that provider.\n\n"
    "Options:\n"
    "  --workspace W     workspace of the connection (default: default)\n"
    "  --env VAR=FIELD   set VAR to FIELD of the stored secret, adding a variable or replacing a\n"
    "                    built-in one (repeatable). FIELD is `token` (the API key or access\n"
    "                    token) or a field of a JSON secret: api_key, access_token,\n"
    "                    refresh_token, instance_url, ...\n\n"
    "Built-in variables (VAR=FIELD; with a|b the first field the secret has):\n";

constexpr const char* kExample =
    "\nAgent config example:\n"
    "  {\"command\": \"conhub-mcp\", \"args\": [\"wrap\", \"github\", \"--\", \"npx\", \"-y\", "
    "\"@modelcontextprotocol/server-github\"]}\n";

std::int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Decrypts the secret and builds the child's environment from it; the Secret and its
// fields are wiped when this returns, leaving the plaintext only in the envp.
store::Result<ChildEnvironment> environment_for(OpenStore& store, const store::ConnectionInfo& connection,
                                                const std::vector<EnvOverride>& overrides) {
  auto ring = load_keys(store);
  if (!ring) return ring.error();
  auto secret = store::Connections(store.db).secret(connection, *ring);
  if (!secret) return secret.error();
  auto fields = SecretFields::from(*secret);
  if (!fields) return store::Error{fields.error().kind, connection.label() + ": " + fields.error().message};
  return child_environment(environ, connection.provider, overrides, *fields);
}

// One audit row per credential handed to a program: who, which connection, which command,
// which variables (names only). The arguments are redacted by AuditLog::append.
void record_wrap(store::Database& db, const store::ConnectionInfo& connection, const std::vector<std::string>& command,
                 const std::vector<std::string>& injected, int start_error) {
  store::AuditEntry e;
  e.at_us = now_us();
  e.workspace = connection.workspace;
  e.principal = "uid:" + std::to_string(getuid());
  e.connection = connection.provider + "/" + connection.name;
  e.method = "wrap";
  e.name = command.front();
  e.ok = start_error == 0;
  if (!e.ok) e.error_text = std::string("cannot start: ") + std::strerror(start_error);
  e.arguments = {{"argv", command}, {"env", injected}};
  // The child is already running with the credential; a failed audit write is reported,
  // not turned into a failure of the child.
  if (auto st = store::AuditLog(db).append({e}); !st)
    std::fprintf(stderr, "conhub-mcp wrap: warning: the audit log was not written: %s\n", st.error().message.c_str());
}

}  // namespace

int wrap_command(Args& args) {
  // Everything after `--` is the child's, its own --help included.
  const auto command = args.after_double_dash();
  if (args.flag("--help")) {
    std::fputs(kUsage, stdout);
    std::fputs(env_rules_text().c_str(), stdout);
    std::fputs(kExample, stdout);
    return 0;
  }
  const auto workspace = workspace_or_default(args.value("--workspace"));
  std::vector<EnvOverride> overrides;
  for (const auto& text : args.values("--env")) overrides.push_back(parse_env_override(text));
  const auto target_text = args.positional();
  if (!target_text) throw UsageError{"wrap needs PROVIDER or PROVIDER/NAME (" + known_providers_text() + ")"};
  if (command.empty())
    throw UsageError{"wrap needs `-- COMMAND [ARGS...]` after the connection, e.g. "
                     "`conhub-mcp wrap github -- npx -y @modelcontextprotocol/server-github`"};
  args.expect_empty();
  const auto target = parse_connection_target(*target_text, "wrap");
  if (!is_known_provider(target.provider))
    throw UsageError{"unknown provider '" + target.provider + "' (known: " + known_providers_text() + ")"};

  // Constructed just before the spawn: it holds SIGINT/SIGTERM/SIGHUP until wait() takes
  // them. Earlier, a Ctrl-C while the store is read would be held for a child not yet running.
  std::optional<ChildProcess> child;
  {
    auto store = open_store();
    if (!store) return fail("wrap", store.error());
    auto connection = find_connection(store->db, workspace, target);
    if (!connection) return fail("wrap", connection.error());
    auto env = environment_for(*store, *connection, overrides);
    if (!env) return fail("wrap", env.error());
    child.emplace();
    const int start_error = child->start(command, env->entries);
    record_wrap(store->db, *connection, command, env->injected, start_error);
    if (start_error != 0) {
      std::fprintf(stderr, "conhub-mcp wrap: cannot start \"%s\": %s\n", command.front().c_str(), std::strerror(start_error));
      return exit_code_for_start_error(start_error);
    }
  }  // the envp copy of the secret is wiped and the database closed; only the child holds them
  return child->wait();
}

}  // namespace conhub::cli
