#include "wrap_env.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>
#include <utility>

#include <conhub/store/secret.hpp>

#include "args.hpp"

namespace conhub::cli {

namespace {

struct EnvRule {
  std::string_view provider;
  std::string_view variable;
  std::string_view fields;    // secret fields to try in order, '|'-separated; the first present wins
  std::string_view fallback;  // the value when none is present; empty leaves the variable unset
};

// The variables each provider's own MCP servers read. github: @modelcontextprotocol/server-github
// and github/github-mcp-server (GITHUB_HOST selects GitHub Enterprise); gitlab:
// @modelcontextprotocol/server-gitlab; stripe: @stripe/mcp. The shopify and dropbox names are
// the ones community servers use; `--env` covers a server that reads another.
constexpr EnvRule kEnvRules[] = {
    {"github", "GITHUB_PERSONAL_ACCESS_TOKEN", "token", ""},
    {"github", "GITHUB_HOST", "host|instance_url", ""},
    {"gitlab", "GITLAB_PERSONAL_ACCESS_TOKEN", "token", ""},
    {"gitlab", "GITLAB_API_URL", "api_url|instance_url", "https://gitlab.com/api/v4"},
    {"stripe", "STRIPE_SECRET_KEY", "token", ""},
    {"shopify", "SHOPIFY_ACCESS_TOKEN", "token", ""},
    {"dropbox", "DROPBOX_ACCESS_TOKEN", "token", ""},
};

constexpr std::string_view kOwnPrefix = "CONHUB_";

bool valid_variable_name(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

// The first of a rule's fields the secret has, else its fallback, else nullopt.
std::optional<std::string_view> rule_value(const EnvRule& rule, const SecretFields& fields) {
  std::string_view rest = rule.fields;
  while (!rest.empty()) {
    const auto bar = rest.find('|');
    const auto name = rest.substr(0, bar);
    if (const auto* value = fields.find(name); value != nullptr && !value->empty()) return std::string_view(*value);
    rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
  }
  if (!rule.fallback.empty()) return rule.fallback;
  return std::nullopt;
}

std::string_view variable_of(std::string_view entry) { return entry.substr(0, entry.find('=')); }

}  // namespace

EnvOverride parse_env_override(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
    throw UsageError{"--env needs VAR=FIELD (FIELD names a field of the stored secret, e.g. GH_TOKEN=token), got '" +
                     text + "'"};
  EnvOverride o{text.substr(0, eq), text.substr(eq + 1)};
  if (!valid_variable_name(o.variable))
    throw UsageError{"--env: '" + o.variable + "' is not a valid variable name (letters, digits and '_')"};
  return o;
}

ChildEnvironment::~ChildEnvironment() {
  for (auto& entry : entries) store::wipe_string(entry);
}

store::Result<ChildEnvironment> child_environment(char** parent, const std::string& provider,
                                                  const std::vector<EnvOverride>& overrides, const SecretFields& fields) {
  // Views into `fields` or the table, so the plaintext is copied once: into the envp.
  std::vector<std::pair<std::string_view, std::string_view>> chosen;
  for (const auto& rule : kEnvRules) {
    if (rule.provider != provider) continue;
    if (auto value = rule_value(rule, fields)) chosen.emplace_back(rule.variable, *value);
  }
  for (const auto& o : overrides) {
    const auto* value = fields.find(o.field);
    if (value == nullptr)
      return store::Error{store::ErrorKind::kInvalid, "--env " + o.variable + "=" + o.field +
                                                          ": the stored secret has no field '" + o.field +
                                                          "'; its fields are: " + fields.names_text()};
    auto same = std::find_if(chosen.begin(), chosen.end(), [&](const auto& c) { return c.first == o.variable; });
    if (same != chosen.end()) same->second = *value;
    else chosen.emplace_back(o.variable, *value);
  }
  if (chosen.empty())
    return store::Error{store::ErrorKind::kInvalid,
                        "there is no built-in environment mapping for provider '" + provider +
                            "'; name the variables with --env VAR=FIELD (the stored secret's fields are: " +
                            fields.names_text() + ")"};

  ChildEnvironment env;
  std::size_t count = 0;
  for (char** e = parent; e != nullptr && *e != nullptr; ++e) ++count;
  // Reserved up front: a reallocation would move short strings and leave copies of the
  // secret behind in freed memory.
  env.entries.reserve(count + chosen.size());
  for (char** e = parent; e != nullptr && *e != nullptr; ++e) {
    const std::string_view entry(*e);
    const auto name = variable_of(entry);
    if (name.substr(0, kOwnPrefix.size()) == kOwnPrefix) continue;
    if (std::any_of(chosen.begin(), chosen.end(), [&](const auto& c) { return c.first == name; })) continue;
    env.entries.emplace_back(entry);
  }
  for (const auto& [variable, value] : chosen) {
    auto& entry = env.entries.emplace_back();
    entry.reserve(variable.size() + 1 + value.size());
    entry.append(variable).append("=").append(value);
    env.injected.emplace_back(variable);
  }
  return env;
}

std::string env_rules_text() {
  std::string out;
  std::string_view current;
  for (const auto& rule : kEnvRules) {
    if (rule.provider != current) {
      if (!current.empty()) out += "\n";
      out += "  " + std::string(rule.provider) + std::string(12 - std::min<std::size_t>(rule.provider.size(), 11), ' ');
      current = rule.provider;
    } else {
      out += ", ";
    }
    out += std::string(rule.variable) + "=" + std::string(rule.fields);
    if (!rule.fallback.empty()) out += " (default " + std::string(rule.fallback) + ")";
  }
  return out + "\n";
}

}  // namespace conhub::cli
