// The protocol revisions this server speaks, and what differs between them. Everything
// revision-specific is decided here or in result_shaping, so handlers never branch on
// revisions (STYLE.md §1, src/protocol).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace conhub::mcp::detail {

enum class Revision { k2024_11_05, k2025_03_26, k2025_06_18, k2025_11_25, k2026_07_28 };

inline constexpr Revision kLatestStateful = Revision::k2025_11_25;
inline constexpr Revision kLatest = Revision::k2026_07_28;

std::optional<Revision> parse_revision(std::string_view name);
const std::string& revision_name(Revision revision);
/// Every supported revision, newest first (as sent in supportedVersions / error data).
const std::vector<std::string>& supported_revision_names();

/// 2026-07-28 has no initialize: every request carries its own `_meta`.
inline bool is_stateless(Revision r) { return r == Revision::k2026_07_28; }
/// The answer to initialize: the requested revision when we speak it statefully, else our
/// latest stateful one (2025-11-25 basic/lifecycle: the client decides whether to continue).
Revision negotiate_stateful(std::string_view requested);

inline bool at_least(Revision r, Revision floor) { return static_cast<int>(r) >= static_cast<int>(floor); }
/// JSON-RPC batches exist only in 2025-03-26 (added there, removed in 2025-06-18).
inline bool allows_batches(Revision r) { return r == Revision::k2025_03_26; }

// _meta keys of the 2026-07-28 stateless wire.
inline constexpr const char* kMetaProtocolVersion = "io.modelcontextprotocol/protocolVersion";
inline constexpr const char* kMetaClientInfo = "io.modelcontextprotocol/clientInfo";
inline constexpr const char* kMetaClientCapabilities = "io.modelcontextprotocol/clientCapabilities";
inline constexpr const char* kMetaLogLevel = "io.modelcontextprotocol/logLevel";
inline constexpr const char* kMetaServerInfo = "io.modelcontextprotocol/serverInfo";
inline constexpr const char* kMetaSubscriptionId = "io.modelcontextprotocol/subscriptionId";

}  // namespace conhub::mcp::detail
