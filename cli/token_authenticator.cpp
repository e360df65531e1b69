#include "token_authenticator.hpp"

#include <memory>
#include <mutex>

#include <spdlog/spdlog.h>

#include <conhub/store/tokens.hpp>

namespace conhub::cli {

mcp::Authenticator make_token_authenticator(store::Database db, std::string workspace) {
  struct State {
    State(store::Database d, std::string w) : db(std::move(d)), workspace(std::move(w)) {}
    std::mutex mutex;
    store::Database db;  // guarded by mutex
    std::string workspace;
  };
  auto state = std::make_shared<State>(std::move(db), std::move(workspace));
  return [state](std::string_view bearer) {
    mcp::AuthDecision decision;
    if (bearer.empty()) return decision;
    std::lock_guard lock(state->mutex);
    auto verified = store::Tokens(state->db).verify(bearer);
    if (!verified) return decision;  // unknown, revoked or malformed: never say which
    if (verified->workspace != state->workspace) {
      spdlog::warn("token {} of workspace {} refused: this server serves workspace {}", verified->id,
                   verified->workspace, state->workspace);
      decision.verdict = mcp::AuthDecision::Verdict::kForbidden;
      return decision;
    }
    decision.verdict = mcp::AuthDecision::Verdict::kAllow;
    decision.principal = {"token:" + verified->id, verified->workspace};
    return decision;
  };
}

}  // namespace conhub::cli
