// conhub-mcp: argument dispatch only. Protocol logic lives in mcp/, features in the
// commands and the libraries they wire together.
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "args.hpp"
#include "commands.hpp"
#include "logging.hpp"
#include "version.hpp"

namespace {

struct Command {
  const char* name;
  const char* summary;
  int (*run)(conhub::cli::Args&);
};

constexpr Command kCommands[] = {
    {"serve", "serve MCP to an agent: serve --stdio", conhub::cli::serve_command},
    {"workspaces", "list, create or delete workspaces", conhub::cli::workspaces_command},
    {"connect", "store a credential: connect PROVIDER (secret from stdin or prompt)", conhub::cli::connect_command},
    {"connections", "list connections and their status (never secrets)", conhub::cli::connections_command},
    {"disconnect", "delete a connection: disconnect PROVIDER[/NAME]", conhub::cli::disconnect_command},
    {"tokens", "create, list or revoke HTTP access tokens", conhub::cli::tokens_command},
    {"audit", "show the audit log of served calls", conhub::cli::audit_command},
    {"keys", "rotate the master key, or show its status", conhub::cli::keys_command},
    {"wrap", "run a provider's MCP server with the credential: wrap PROVIDER -- COMMAND", conhub::cli::wrap_command},
};

void print_help(std::FILE* out) {
  std::fprintf(out,
               "conhub-mcp %s: an MCP connector hub.\n\n"
               "Usage: conhub-mcp <command> [options]\n\nCommands:\n",
               conhub::cli::kVersion);
  for (const auto& c : kCommands) std::fprintf(out, "  %-12s %s\n", c.name, c.summary);
  std::fprintf(out,
               "\nGlobal options:\n"
               "  --help       show this help (or `conhub-mcp <command> --help`)\n"
               "  --version    print the version\n");
}

}  // namespace

int main(int argc, char** argv) {
  // spdlog's default logger writes to stdout, which carries JSON (--json) or protocol.
  try {
    conhub::cli::setup_logging(std::nullopt);
  } catch (const conhub::cli::UsageError& e) {
    std::fprintf(stderr, "conhub-mcp: CONHUB_LOG: %s\n", e.message.c_str());
    return 2;
  }
  std::vector<std::string> words(argv + 1, argv + argc);
  if (words.empty()) {
    print_help(stderr);
    return 2;
  }
  const std::string& first = words.front();
  if (first == "--help" || first == "-h" || first == "help") {
    print_help(stdout);
    return 0;
  }
  if (first == "--version" || first == "-V") {
    std::printf("conhub-mcp %s\n", conhub::cli::kVersion);
    return 0;
  }
  for (const auto& c : kCommands) {
    if (first != c.name) continue;
    conhub::cli::Args args({words.begin() + 1, words.end()});
    try {
      return c.run(args);
    } catch (const conhub::cli::UsageError& e) {
      std::fprintf(stderr, "conhub-mcp %s: %s\nRun `conhub-mcp %s --help` for usage.\n", c.name,
                   e.message.c_str(), c.name);
      return 2;
    }
  }
  std::fprintf(stderr, "conhub-mcp: unknown command '%s'. Run `conhub-mcp --help` for the list of commands.\n",
               first.c_str());
  return 2;
}
