// conhub-mcp connect PROVIDER [--workspace W] [--name N] [--from-env VAR] [--replace]
// The secret comes from stdin, a hidden prompt or an environment variable; never argv.
#include <cstdio>
#include <filesystem>
#include <optional>
#include <system_error>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include <conhub/store/connections.hpp>

#include "web/address_policy.hpp"

#include "commands.hpp"
#include "providers.hpp"
#include "secret_input.hpp"
#include "store_access.hpp"

namespace conhub::cli {

namespace {
constexpr const char* kUsage =
    "Usage: conhub-mcp connect PROVIDER [--workspace W] [--name N] [--from-env VAR] [--replace] [--json]\n\n"
    "Stores a credential for PROVIDER, encrypted with the master key. The secret is read\n"
    "from stdin when piped, from the environment variable named by --from-env, or else\n"
    "from a hidden prompt. It is never accepted as an argument (argv shows in `ps` and\n"
    "in shell history).\n\n"
    "The secret is an API key or personal token as plain text, or a JSON object:\n"
    "  {\"kind\":\"api_key\",\"api_key\":\"…\"}\n"
    "  {\"kind\":\"oauth2\",\"access_token\":\"…\",\"refresh_token\":\"…\",\"expires_at\":\"…\",\n"
    "   \"scopes\":[\"…\"],\"instance_url\":\"…\"}\n\n"
    "Options:\n"
    "  --workspace W    workspace to add the connection to (default: default)\n"
    "  --name N         connection name, to keep several of one provider (default: default)\n"
    "  --from-env VAR   read the secret from environment variable VAR\n"
    "  --replace        store a new secret for an existing connection\n"
    "  --json           machine-readable output\n\n"
    "  --root DIR       files only: a directory the connection may read (repeatable)\n"
    "  --allow-writes   files: also offer files_create, files_edit and files_move;\n"
    "                   github: also offer github_create_issue and github_create_comment\n"
    "  --base-url URL   github only: API base, e.g. https://ghe.example.com/api/v3\n"
    "  --allow ENTRY    web only: a CIDR (10.1.0.0/16), address or host name the web tools may\n"
    "                   reach although it is private, loopback or link-local (repeatable)\n\n"
    "The files provider needs no secret: conhub-mcp connect files --root ~/notes [--root DIR]\n"
    "Nor does web: conhub-mcp connect web [--allow wiki.corp.example] [--allow 10.1.0.0/16]\n\n"
    "Example: printf %s \"$GITHUB_TOKEN\" | conhub-mcp connect github --workspace work --name personal\n";

// Flags someone might try to pass a secret with. Their values are consumed and never echoed.
constexpr const char* kSecretFlags[] = {"--token", "--secret", "--api-key", "--apikey", "--key", "--password",
                                        "--access-token", "--refresh-token", "--client-secret", "--pat"};

void refuse_secret_flags(Args& args) {
  for (const char* flag : kSecretFlags) {
    bool present = false;
    try {
      present = args.value(flag).has_value();
    } catch (const UsageError&) {
      present = true;  // the flag was last, without a value
    }
    if (present)
      throw UsageError{std::string(flag) + " is not accepted: secrets are never taken from the command line, where `ps` "
                       "and shell history would show them. Pipe the secret on stdin, type it at the prompt, or use "
                       "--from-env VAR"};
  }
}
struct NewConnection {
  std::string workspace;
  std::string provider;
  std::string name;
  nlohmann::json config;
  bool replace = false;
  bool json = false;  // --json output
};

/// Stores a connection that needs no secret (files, web: its config is all there is) and
/// says what was stored; `summary` describes the config for people.
int store_without_secret(OpenStore& store, const NewConnection& c, const std::string& summary) {
  auto connection = store::Connections(store.db).put_without_secret(c.workspace, c.provider, c.name, c.config.dump(),
                                                                    c.replace);
  if (!connection) return fail("connect", connection.error());
  if (c.json) {
    std::printf("%s\n", nlohmann::json{{"workspace", connection->workspace}, {"provider", connection->provider},
                                       {"name", connection->name}, {"auth_method", connection->auth_method},
                                       {"config", c.config}}.dump(2).c_str());
  } else {
    std::printf("connected %s/%s in workspace %s (%s)\n", connection->provider.c_str(), connection->name.c_str(),
                connection->workspace.c_str(), summary.c_str());
  }
  return 0;
}
}  // namespace

int connect_command(Args& args) {
  if (args.flag("--help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  refuse_secret_flags(args);
  const auto workspace = workspace_or_default(args.value("--workspace"));
  const auto name = args.value("--name").value_or(store::kDefaultConnectionName);
  const auto from_env = args.value("--from-env");
  const bool replace = args.flag("--replace");
  const bool json = args.flag("--json");
  const auto provider = args.positional();
  if (!provider) throw UsageError{"connect needs a PROVIDER (" + known_providers_text() + ")"};
  // files needs no credential: its config is the roots (issue 5).
  const bool files = *provider == "files";
  std::vector<std::string> roots;
  bool allow_writes = false;
  std::optional<std::string> base_url;
  // web needs no credential either: its config is the SSRF guard's allow list.
  const bool web = *provider == "web";
  std::vector<std::string> allow;
  if (web) allow = args.values("--allow");
  if (files) {
    roots = args.values("--root");
    allow_writes = args.flag("--allow-writes");
  } else if (*provider == "github") {
    allow_writes = args.flag("--allow-writes");
    base_url = args.value("--base-url");
    if (base_url && !(base_url->starts_with("https://") || base_url->starts_with("http://127.0.0.1") ||
                      base_url->starts_with("http://localhost")))
      throw UsageError{"--base-url must start with https:// (plain http only for 127.0.0.1 or localhost)"};
  }
  // A second word is most likely a secret typed on the command line: refuse without echoing it.
  if (args.positional())
    throw UsageError{"connect takes one PROVIDER argument; secrets are never accepted on the command line "
                     "(pipe it on stdin, type it at the prompt, or use --from-env VAR)"};
  args.expect_empty();
  if (!is_known_provider(*provider))
    throw UsageError{"unknown provider '" + *provider + "' (known: " + known_providers_text() + ")"};
  if (auto st = store::validate_connection_name(name); !st) throw UsageError{st.error().message};

  auto store = open_store();
  if (!store) return fail("connect", store.error());
  if (files) {
    if (roots.empty()) throw UsageError{"connect files needs at least one --root DIR"};
    nlohmann::json canonical = nlohmann::json::array();
    for (const auto& root : roots) {
      std::error_code ec;
      auto path = std::filesystem::canonical(root, ec);
      if (ec || !std::filesystem::is_directory(path, ec)) return fail("connect", "--root " + root + " is not an existing directory");
      canonical.push_back(path.string());
    }
    const nlohmann::json config{{"roots", canonical}, {"allow_writes", allow_writes}};
    return store_without_secret(*store, {workspace, *provider, name, config, replace, json},
                                "roots: " + canonical.dump() + "; writes " + (allow_writes ? "allowed" : "off"));
  }
  if (web) {
    auto policy = connectors::web::AddressPolicy::make(allow);
    if (auto* why = std::get_if<std::string>(&policy)) throw UsageError{*why};
    const nlohmann::json config{{"allow", allow}};
    return store_without_secret(*store, {workspace, *provider, name, config, replace, json},
                                "allow list: " + (allow.empty() ? std::string("empty, public addresses only")
                                                                : config["allow"].dump()));
  }
  auto secret = read_secret(from_env, "Secret for " + *provider + "/" + name + " (input hidden): ");
  if (!secret) return fail("connect", secret.error());
  auto ring = load_keys(*store);
  if (!ring) return fail("connect", ring.error());
  store::Connections connections(store->db);
  auto connection = connections.put(workspace, *provider, name, *secret, *ring, replace);
  if (!connection) return fail("connect", connection.error());
  if (base_url || allow_writes) {
    nlohmann::json config = nlohmann::json::object();
    if (base_url) config["base_url"] = *base_url;
    if (allow_writes) config["allow_writes"] = true;
    if (auto st = connections.set_config(connection->id, config.dump()); !st) return fail("connect", st.error());
  }
  if (json) {
    std::printf("%s\n", nlohmann::json{{"workspace", connection->workspace}, {"provider", connection->provider},
                                       {"name", connection->name}, {"auth_method", connection->auth_method},
                                       {"key_id", connection->key_id}}.dump(2).c_str());
  } else {
    std::printf("connected %s/%s in workspace %s (%s, sealed with master key %s)\n", connection->provider.c_str(),
                connection->name.c_str(), connection->workspace.c_str(), connection->auth_method.c_str(),
                connection->key_id.c_str());
  }
  return 0;
}

}  // namespace conhub::cli
