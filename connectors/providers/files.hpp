// files: local directories as MCP tools and `file://` resources (issue 5). A connection is
// configured with one or more roots ({"roots": ["/abs/dir", …], "allow_writes": false}) and
// needs no credential. Every path a tool or resource names is confined to the roots:
// `..` components are refused, and the path is resolved (symlinks included) and checked to
// lie within a root on a path-component boundary. Writes (create/edit/move) exist only when
// the connection enables them. Clients may subscribe to file resources; FileWatcher sends
// notifications/resources/updated when a subscribed file changes. Thread-safety: immutable after creation; handlers run
// concurrently. There is a window between the check and the open (TOCTOU) in which a local
// process could swap a component for a symlink; the roots are trusted to be owned by the user.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "../base64.hpp"
#include "../connector.hpp"
#include "file_watcher.hpp"
#include "files_io.hpp"
#include "listing_cache.hpp"
#include "../registry.hpp"

namespace conhub::connectors {

/// The roots of a files connection and the confinement check.
class FileRoots {
 public:
  /// Roots must exist and be directories; they are canonicalised. The error names the bad root.
  static std::variant<FileRoots, std::string> make(const std::vector<std::string>& roots);

  /// Resolves a tool's path argument: absolute (must lie under a root) or relative to the
  /// first root; "" means the first root. Returns the canonical path or a message for the model.
  std::variant<std::filesystem::path, std::string> resolve(std::string_view input) const;
  /// As resolve(), and also refuses a symlink anywhere below the root in the part of the path
  /// that does not exist yet (a dangling link would let a write land outside the roots).
  std::variant<std::filesystem::path, std::string> resolve_for_write(std::string_view input) const;
  /// Opens what a tool's path names (read-only, non-blocking so a FIFO cannot hang a
  /// handler) and checks the opened file's real path against the roots: race-free, and
  /// cheaper than resolve() for files that exist. Refuses anything but files and directories.
  std::variant<OpenFile, std::string> open(std::string_view input) const;
  bool contains(const std::filesystem::path& canonical) const;
  const std::vector<std::filesystem::path>& roots() const { return roots_; }
  std::string roots_text() const;

 private:
  std::vector<std::filesystem::path> roots_;
};

/// Glob match: `*` and `?` within one path segment, `**` across segments, `[abc]`/`[a-z]`/`[!a]`.
bool glob_match(std::string_view pattern, std::string_view text);

struct FilesLimits {
  std::size_t max_read_bytes = 1 << 20;     // text read without a line range, and per resource read
  std::size_t max_binary_bytes = 4 << 20;   // files_read_binary (before base64)
  std::size_t max_search_file_bytes = 4 << 20;
  std::size_t max_walk_entries = 200'000;   // find/search stop walking here
  std::size_t max_list_entries = 5'000;
  std::chrono::milliseconds watch_interval{1000};  // how often subscribed files are stat'ed
};

class FilesConnector final : public Connector {
 public:
  static ConnectorInfo static_info();
  static CreateResult create(ConnectorContext context);

  FilesConnector(ConnectorContext context, FileRoots roots, bool allow_writes, FilesLimits limits = {});
  const ConnectorInfo& info() const override { return info_; }
  const FileRoots& roots() const { return *roots_; }

 protected:
  void declare_features(mcp::Server& server, const ToolNamer& namer) override;

 private:
  ConnectorInfo info_;
  ConnectorContext context_;
  std::shared_ptr<const FileRoots> roots_;  // shared with the handlers
  bool allow_writes_ = false;
  FilesLimits limits_;
  std::shared_ptr<ListingCache> listings_ = std::make_shared<ListingCache>();  // shared with the handlers
  std::unique_ptr<FileWatcher> watcher_;  // made by declare_features; stops before the rest goes
};

}  // namespace conhub::connectors
