#include "files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

#include "../http/http_types.hpp"

namespace conhub::connectors {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

bool has_dotdot(const fs::path& p) {
  return std::any_of(p.begin(), p.end(), [](const fs::path& part) { return part == ".."; });
}

bool is_within(const fs::path& child, const fs::path& root) {
  const std::string c = child.string();
  const std::string r = root.string();
  if (r == "/") return !c.empty() && c.front() == '/';
  return c == r || (c.size() > r.size() && c.compare(0, r.size(), r) == 0 && c[r.size()] == '/');
}

const char* type_name(fs::file_type t) {
  switch (t) {
    case fs::file_type::regular: return "file";
    case fs::file_type::directory: return "directory";
    case fs::file_type::symlink: return "symlink";
    case fs::file_type::not_found: return "missing";
    default: return "other";
  }
}

std::string iso_time(fs::file_time_type t) {
  const auto sys = std::chrono::file_clock::to_sys(t);
  const std::time_t tt = std::chrono::system_clock::to_time_t(sys);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string mime_for(const fs::path& p) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".txt", "text/plain"},        {".md", "text/markdown"},       {".html", "text/html"},
      {".htm", "text/html"},         {".css", "text/css"},           {".csv", "text/csv"},
      {".json", "application/json"}, {".js", "text/javascript"},     {".xml", "application/xml"},
      {".png", "image/png"},         {".jpg", "image/jpeg"},         {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},         {".webp", "image/webp"},        {".svg", "image/svg+xml"},
      {".pdf", "application/pdf"},   {".zip", "application/zip"},    {".gz", "application/gzip"},
      {".wav", "audio/wav"},         {".mp3", "audio/mpeg"},
  };
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& [e, m] : kTypes)
    if (ext == e) return m;
  return "application/octet-stream";
}

std::string file_uri(const fs::path& p) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out = "file://";
  for (unsigned char c : p.string()) {
    const bool plain = std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

/// Reads at most `limit` bytes; `truncated` says whether more were there.
bool read_prefix(const fs::path& p, std::size_t limit, std::string& out, bool& truncated) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  out.resize(limit + 1);
  in.read(out.data(), static_cast<std::streamsize>(limit + 1));
  const auto got = static_cast<std::size_t>(in.gcount());
  truncated = got > limit;
  out.resize(std::min(got, limit));
  return true;
}

bool looks_binary(std::string_view bytes) { return bytes.substr(0, 8192).find('\0') != std::string_view::npos; }

std::string string_arg(const json& a, const char* key, std::string fallback = {}) {
  auto it = a.find(key);
  return it != a.end() && it->is_string() ? it->get<std::string>() : fallback;
}
std::int64_t int_arg(const json& a, const char* key, std::int64_t fallback) {
  auto it = a.find(key);
  return it != a.end() && it->is_number_integer() ? it->get<std::int64_t>() : fallback;
}
bool bool_arg(const json& a, const char* key, bool fallback) {
  auto it = a.find(key);
  return it != a.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

/// Writes `content` to a temporary file next to `target` and renames it over the target.
std::string write_atomically(const fs::path& target, std::string_view content) {
  fs::path tmp = target;
  tmp += fmt::format(".conhub-tmp-{}", static_cast<long long>(std::chrono::steady_clock::now().time_since_epoch().count()));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return fmt::format("cannot write {}", target.string());
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) {
      std::error_code ec;
      fs::remove(tmp, ec);
      return fmt::format("writing {} failed (disk full?)", target.string());
    }
  }
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return fmt::format("cannot replace {}: {}", target.string(), ec.message());
  }
  return {};
}

}  // namespace

// ---------------------------------------------------------------------------------------
// FileRoots

std::variant<FileRoots, std::string> FileRoots::make(const std::vector<std::string>& roots) {
  if (roots.empty()) return std::string("a files connection needs at least one root directory");
  FileRoots out;
  for (const auto& r : roots) {
    std::error_code ec;
    fs::path p = fs::canonical(fs::path(r), ec);
    if (ec) return fmt::format("root {} cannot be used: {}", r, ec.message());
    if (!fs::is_directory(p, ec)) return fmt::format("root {} is not a directory", r);
    out.roots_.push_back(std::move(p));
  }
  return out;
}

std::string FileRoots::roots_text() const {
  std::string out;
  for (const auto& r : roots_) out += (out.empty() ? "" : ", ") + r.string();
  return out;
}

bool FileRoots::contains(const fs::path& canonical) const {
  return std::any_of(roots_.begin(), roots_.end(), [&](const fs::path& r) { return is_within(canonical, r); });
}

std::variant<fs::path, std::string> FileRoots::resolve(std::string_view input) const {
  fs::path p(input.empty() ? roots_.front() : fs::path(input));
  if (has_dotdot(p))
    return fmt::format("'..' is not allowed in paths; give a path under the roots ({})", roots_text());
  if (p.is_relative()) p = roots_.front() / p;
  p = p.lexically_normal();
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(p, ec);
  if (ec) return fmt::format("cannot resolve {}: {}", p.string(), ec.message());
  if (!contains(canonical)) {
    if (contains(p))
      return fmt::format("{} is a symbolic link (or goes through one) that leads outside the roots ({}); refused",
                         std::string(input), roots_text());
    return fmt::format("{} is outside the allowed roots ({}); use a path under one of them", std::string(input),
                       roots_text());
  }
  return canonical;
}

std::variant<OpenFile, std::string> FileRoots::open(std::string_view input) const {
  fs::path p(input.empty() ? roots_.front() : fs::path(input));
  if (has_dotdot(p))
    return fmt::format("'..' is not allowed in paths; give a path under the roots ({})", roots_text());
  if (p.is_relative()) p = roots_.front() / p;
  p = p.lexically_normal();
  if (!contains(p)) {
    // Lexically outside, but it may reach a root through a symlink: decide on the resolved path.
    auto resolved = resolve(input);
    if (auto* error = std::get_if<std::string>(&resolved)) return std::move(*error);
    p = std::get<fs::path>(resolved);
  }
  const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR) return fmt::format("{} does not exist", p.string());
    return fmt::format("cannot open {}: {}", p.string(), std::strerror(err));
  }
  fs::path real = real_path_of(fd);
  if (real.empty()) {  // no /proc: fall back to resolving the path (with its small race)
    std::error_code ec;
    real = fs::weakly_canonical(p, ec);
  }
  struct stat info {};
  if (!contains(real) || ::fstat(fd, &info) != 0) {
    ::close(fd);
    return fmt::format("{} is a symbolic link (or goes through one) that leads outside the roots ({}); refused",
                       std::string(input), roots_text());
  }
  if (!S_ISREG(info.st_mode) && !S_ISDIR(info.st_mode)) {
    ::close(fd);
    return fmt::format("{} is not a regular file or directory (a device, FIFO or socket); refused", real.string());
  }
  return OpenFile(fd, std::move(real), info);
}

std::variant<fs::path, std::string> FileRoots::resolve_for_write(std::string_view input) const {
  auto r = resolve(input);
  if (auto* p = std::get_if<fs::path>(&r)) {
    // weakly_canonical leaves a not-yet-existing tail lexical; a dangling symlink in that
    // tail would be followed by the write. Refuse any symlink from the root down.
    fs::path walk;
    for (const auto& part : *p) {
      walk /= part;
      std::error_code ec;
      if (contains(walk) && fs::is_symlink(fs::symlink_status(walk, ec)))
        return fmt::format("{} goes through a symbolic link; writes through links are refused", std::string(input));
    }
  }
  return r;
}

// ---------------------------------------------------------------------------------------
// glob

bool glob_match(std::string_view pattern, std::string_view text) {
  // A set-of-positions simulation (no backtracking): O(pattern x text) even for patterns
  // like *a*a*a*a*b. reach[i]: the pattern so far can match text[0, i).
  const std::size_t n = text.size();
  std::vector<char> reach(n + 1, 0), next(n + 1, 0);
  reach[0] = 1;
  std::size_t p = 0;
  while (p < pattern.size()) {
    std::fill(next.begin(), next.end(), 0);
    const char c = pattern[p];
    if (c == '*') {
      const bool dstar = p + 1 < pattern.size() && pattern[p + 1] == '*';
      if (dstar && p + 2 < pattern.size() && pattern[p + 2] == '/') {
        // "**/": zero or more whole directories
        bool running = false;
        for (std::size_t j = 0; j <= n; ++j) {
          next[j] = reach[j] || (running && j > 0 && text[j - 1] == '/');
          if (reach[j]) running = true;
        }
        p += 3;
      } else if (dstar) {
        bool running = false;
        for (std::size_t j = 0; j <= n; ++j) {
          if (reach[j]) running = true;
          next[j] = running;
        }
        p += 2;
      } else {
        bool running = false;
        for (std::size_t j = 0; j <= n; ++j) {
          if (reach[j]) running = true;
          next[j] = running;
          if (j < n && text[j] == '/') running = false;
        }
        p += 1;
      }
    } else if (c == '[' && pattern.find(']', p + 2) != std::string_view::npos) {
      std::size_t q = p + 1;
      bool negate = false;
      if (pattern[q] == '!' || pattern[q] == '^') {
        negate = true;
        ++q;
      }
      const std::size_t close = q < pattern.size() ? pattern.find(']', q + 1) : std::string_view::npos;
      if (close == std::string_view::npos) {  // no class after all: a literal '['
        for (std::size_t i = 0; i < n; ++i)
          if (reach[i] && text[i] == '[') next[i + 1] = 1;
        p += 1;
        reach.swap(next);
        continue;
      }
      const std::string_view set = pattern.substr(q, close - q);
      for (std::size_t i = 0; i < n; ++i) {
        if (!reach[i] || text[i] == '/') continue;
        bool in = false;
        for (std::size_t k = 0; k < set.size(); ++k) {
          if (k + 2 < set.size() && set[k + 1] == '-') {
            if (text[i] >= set[k] && text[i] <= set[k + 2]) in = true;
            k += 2;
          } else if (set[k] == text[i]) {
            in = true;
          }
        }
        if (in != negate) next[i + 1] = 1;
      }
      p = close + 1;
    } else {
      for (std::size_t i = 0; i < n; ++i)
        if (reach[i] && ((c == '?' && text[i] != '/') || c == text[i])) next[i + 1] = 1;
      p += 1;
    }
    reach.swap(next);
  }
  return reach[n] != 0;
}

// ---------------------------------------------------------------------------------------
// FilesConnector

ConnectorInfo FilesConnector::static_info() {
  return {.provider = "files", .credential = CredentialKind::kNone,
          .description = "local directories: list, read, find, search; optional writes"};
}

CreateResult FilesConnector::create(ConnectorContext context) {
  const json& config = context.connection.config;
  std::vector<std::string> roots;
  if (config.is_object() && config.contains("roots") && config["roots"].is_array()) {
    for (const auto& r : config["roots"])
      if (r.is_string()) roots.push_back(r.get<std::string>());
  }
  auto made = FileRoots::make(roots);
  if (auto* error = std::get_if<std::string>(&made))
    return fmt::format("files/{}: {} (reconnect with `conhub-mcp connect files --name {} --root DIR --replace`)",
                       context.connection.name, *error, context.connection.name);
  const bool writes = config.is_object() && config.value("allow_writes", false);
  return std::unique_ptr<Connector>(
      std::make_unique<FilesConnector>(std::move(context), std::get<FileRoots>(std::move(made)), writes));
}

FilesConnector::FilesConnector(ConnectorContext context, FileRoots roots, bool allow_writes, FilesLimits limits)
    : info_(static_info()), context_(std::move(context)), roots_(std::make_shared<const FileRoots>(std::move(roots))), allow_writes_(allow_writes), limits_(limits) {}

void FilesConnector::declare_features(mcp::Server& server, const ToolNamer& namer) {
  using mcp::Schema;
  using mcp::ToolResult;
  const std::string where = fmt::format(
      " Paths are absolute under the roots ({}) or relative to {}.", roots_->roots_text(), roots_->roots().front().string());
  const mcp::ToolHints read_hints{.read_only = true, .destructive = false, .idempotent = true, .open_world = false};
  const std::shared_ptr<const FileRoots> roots = roots_;  // handlers may outlive remove()
  const FilesLimits limits = limits_;

  // files_list_directory
  keep(server.add_tool(
      {.name = namer("list_directory"),
       .title = "List a directory",
       .description = "List the entries of a directory, sorted by name: one per line, directories with a trailing '/', "
                      "symbolic links with '@'. Pass sizes: true for file sizes." + where,
       .input = Schema::object({{"path", Schema::string("directory; default: the first root").optional()},
                                {"sizes", Schema::boolean("also give each file's size in bytes; default false").optional()}})
                    .closed(),
       .hints = read_hints},
      [roots, limits, listings = listings_](const json& a, mcp::Context&) -> ToolResult {
        auto opened = roots->open(string_arg(a, "path"));
        if (auto* e = std::get_if<std::string>(&opened)) return ToolResult::error(*e);
        const auto& dir = std::get<OpenFile>(opened);
        if (!dir.is_directory())
          return ToolResult::error(dir.path().string() + " is not a directory; use files_stat or files_read_text");
        const bool want_sizes = bool_arg(a, "sizes", false);
        std::vector<OpenFile::Entry> all;
        bool truncated = false;
        if (auto cached = want_sizes ? std::nullopt : listings->find(dir.info())) {
          all = std::move(*cached);
        } else {
          if (!dir.list(limits.max_list_entries, want_sizes, all, truncated))
            return ToolResult::error(fmt::format("cannot list {}: {}", dir.path().string(), std::strerror(errno)));
          std::sort(all.begin(), all.end(), [](const auto& x, const auto& y) { return x.name < y.name; });
          if (!want_sizes && !truncated) listings->store(dir.info(), all);
        }
        // The text is a listing a model reads cheaply. The structured form groups names by
        // type in plain arrays: a directory of thousands of entries costs a few arrays of
        // strings instead of thousands of small objects (the listing's main cost).
        std::string text;
        text.reserve(all.size() * 16);
        json directories = json::array(), files = json::array(), links = json::array(), other = json::array();
        json sizes = json::object();
        for (auto& entry : all) {
          text += entry.name;
          if (entry.type == fs::file_type::directory) text += '/';
          else if (entry.type == fs::file_type::symlink) text += '@';
          if (entry.size >= 0) text += fmt::format("  {}", entry.size);
          text += '\n';
          if (entry.size >= 0) sizes[entry.name] = entry.size;
          switch (entry.type) {
            case fs::file_type::directory: directories.push_back(std::move(entry.name)); break;
            case fs::file_type::regular: files.push_back(std::move(entry.name)); break;
            case fs::file_type::symlink: links.push_back(std::move(entry.name)); break;
            default: other.push_back(std::move(entry.name)); break;
          }
        }
        if (truncated) text += fmt::format("[stopped after {} entries]\n", limits.max_list_entries);
        ToolResult result = ToolResult::text(std::move(text));
        result.structured = json{{"path", dir.path().string()}, {"directories", std::move(directories)},
                                 {"files", std::move(files)}, {"links", std::move(links)}, {"other", std::move(other)},
                                 {"truncated", truncated}};
        if (want_sizes) (*result.structured)["sizes"] = std::move(sizes);
        return result;
      }));

  // files_read_text
  keep(server.add_tool(
      {.name = namer("read_text"),
       .title = "Read a text file",
       .description = fmt::format("Read a UTF-8 text file, whole or a range of lines (1-based, inclusive). Files over {} "
                                  "bytes need a line range.{}",
                                  limits.max_read_bytes, where),
       .input = Schema::object({{"path", Schema::string("file")},
                                {"start_line", Schema::integer("first line, 1-based").range(1, 1e12).optional()},
                                {"end_line", Schema::integer("last line, inclusive").range(1, 1e12).optional()}})
                    .closed(),
       .hints = read_hints},
      [roots, limits](const json& a, mcp::Context& ctx) -> ToolResult {
        auto opened = roots->open(string_arg(a, "path"));
        if (auto* e = std::get_if<std::string>(&opened)) return ToolResult::error(*e);
        const auto& of = std::get<OpenFile>(opened);
        const auto& file = of.path();
        if (of.is_directory()) return ToolResult::error(file.string() + " is a directory; use files_list_directory");
        const auto start = int_arg(a, "start_line", 1);
        const auto end = int_arg(a, "end_line", -1);
        if (end != -1 && end < start) return ToolResult::error("end_line must be at least start_line");
        const bool ranged = a.contains("start_line") || a.contains("end_line");
        if (!ranged) {
          std::string text;
          bool truncated = false;
          if (!of.read_prefix(limits.max_read_bytes, text, truncated)) return ToolResult::error("cannot read " + file.string());
          if (looks_binary(text)) return ToolResult::error(file.string() + " is binary; use files_read_binary");
          if (truncated)
            return ToolResult::error(fmt::format("{} is larger than {} bytes; read it in parts with start_line/end_line",
                                                 file.string(), limits.max_read_bytes));
          return ToolResult::text(std::move(text));
        }
        std::ifstream in(file, std::ios::binary);
        if (!in) return ToolResult::error("cannot open " + file.string());
        std::string out, line;
        std::int64_t n = 0;
        bool truncated = false;
        while (std::getline(in, line)) {
          ++n;
          if (n < start) continue;
          if (end != -1 && n > end) break;
          if (line.find('\0') != std::string::npos) return ToolResult::error(file.string() + " is binary; use files_read_binary");
          if (out.size() + line.size() + 1 > limits.max_read_bytes) {
            truncated = true;
            break;
          }
          out += line;
          out += '\n';
          if (ctx.cancelled()) return ToolResult::error("cancelled");
        }
        if (n < start) return ToolResult::error(fmt::format("{} has only {} lines", file.string(), n));
        if (truncated)
          out += fmt::format("[truncated at {} bytes; continue from line {}]\n", limits.max_read_bytes, n);
        return ToolResult::text(std::move(out));
      }));

  // files_read_binary
  keep(server.add_tool(
      {.name = namer("read_binary"),
       .title = "Read a file as base64",
       .description = fmt::format("Read any file (up to {} bytes) as an embedded base64 resource with its MIME type.{}",
                                  limits.max_binary_bytes, where),
       .input = Schema::object({{"path", Schema::string("file")}}).closed(),
       .hints = read_hints},
      [roots, limits](const json& a, mcp::Context&) -> ToolResult {
        auto opened = roots->open(string_arg(a, "path"));
        if (auto* e = std::get_if<std::string>(&opened)) return ToolResult::error(*e);
        const auto& of = std::get<OpenFile>(opened);
        const auto& file = of.path();
        if (!of.is_regular()) return ToolResult::error(file.string() + " is a directory; use files_list_directory");
        std::string bytes;
        bool truncated = false;
        if (!of.read_prefix(limits.max_binary_bytes, bytes, truncated)) return ToolResult::error("cannot read " + file.string());
        if (truncated)
          return ToolResult::error(fmt::format("{} is larger than {} bytes, the limit for files_read_binary", file.string(),
                                               limits.max_binary_bytes));
        ToolResult result;
        result.content.push_back(mcp::Content::embedded_blob(file_uri(file), base64_encode(bytes), mime_for(file)));
        return result;
      }));

  // files_stat
  keep(server.add_tool(
      {.name = namer("stat"),
       .title = "File information",
       .description = "Type, size, modification time (UTC) and permissions of a file or directory." + where,
       .input = Schema::object({{"path", Schema::string("file or directory")}}).closed(),
       .hints = read_hints},
      [roots](const json& a, mcp::Context&) -> ToolResult {
        const auto input = string_arg(a, "path");
        auto r = roots->resolve(input);
        if (auto* e = std::get_if<std::string>(&r)) return ToolResult::error(*e);
        const auto& p = std::get<fs::path>(r);
        std::error_code ec;
        const auto st = fs::status(p, ec);
        if (ec || st.type() == fs::file_type::not_found) return ToolResult::error(p.string() + " does not exist");
        json out{{"path", p.string()}, {"type", type_name(st.type())},
                 {"permissions", fmt::format("{:04o}", static_cast<unsigned>(st.permissions()) & 07777)}};
        if (st.type() == fs::file_type::regular) out["size"] = fs::file_size(p, ec);
        if (auto t = fs::last_write_time(p, ec); !ec) out["modified"] = iso_time(t);
        out["uri"] = file_uri(p);
        return ToolResult::structured_json(std::move(out));
      }));

  // files_find
  keep(server.add_tool(
      {.name = namer("find"),
       .title = "Find files by name",
       .description = "Find files and directories whose name (or, when the pattern has a '/', relative path) matches a "
                      "glob: * and ? within a name, ** across directories, [a-z] classes. Symbolic links to directories "
                      "are not followed." + where,
       .input = Schema::object({{"pattern", Schema::string("glob, e.g. *.md or src/**/*.cpp").length(1, 1000)},
                                {"path", Schema::string("directory to search; default: the first root").optional()},
                                {"max_results", Schema::integer("default 200").range(1, 5000).optional()}})
                    .closed(),
       .hints = read_hints},
      [roots, limits](const json& a, mcp::Context& ctx) -> ToolResult {
        auto r = roots->resolve(string_arg(a, "path"));
        if (auto* e = std::get_if<std::string>(&r)) return ToolResult::error(*e);
        const auto& dir = std::get<fs::path>(r);
        const auto pattern = string_arg(a, "pattern");
        const bool by_path = pattern.find('/') != std::string::npos;
        const auto max = static_cast<std::size_t>(int_arg(a, "max_results", 200));
        json matches = json::array();
        bool truncated = false;
        std::size_t walked = 0;
        std::error_code ec;
        for (fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
             !ec && it != end; it.increment(ec)) {
          if (++walked > limits.max_walk_entries || matches.size() >= max) {
            truncated = true;
            break;
          }
          if (ctx.cancelled()) return ToolResult::error("cancelled");
          const auto rel = it->path().lexically_relative(dir).generic_string();
          const auto name = it->path().filename().string();
          if (glob_match(pattern, by_path ? rel : name)) matches.push_back(it->path().string());
        }
        return ToolResult::structured_json({{"matches", std::move(matches)}, {"truncated", truncated}});
      }));

  // files_search
  keep(server.add_tool(
      {.name = namer("search"),
       .title = "Search file contents",
       .description = "Search text files for lines matching a regular expression (ECMAScript syntax). Binary files and "
                      "files over 4 MiB are skipped; long lines are matched on their first 4096 characters." + where,
       .input = Schema::object({{"pattern", Schema::string("regular expression").length(1, 1000)},
                                {"path", Schema::string("directory or file; default: the first root").optional()},
                                {"glob", Schema::string("only files whose name matches, e.g. *.cpp").optional()},
                                {"case_sensitive", Schema::boolean("default true").optional()},
                                {"max_results", Schema::integer("default 100").range(1, 2000).optional()}})
                    .closed(),
       .hints = read_hints},
      [roots, limits](const json& a, mcp::Context& ctx) -> ToolResult {
        auto r = roots->resolve(string_arg(a, "path"));
        if (auto* e = std::get_if<std::string>(&r)) return ToolResult::error(*e);
        const auto& base = std::get<fs::path>(r);
        std::regex re;
        try {
          auto flags = std::regex::ECMAScript;
          if (!bool_arg(a, "case_sensitive", true)) flags |= std::regex::icase;
          re = std::regex(string_arg(a, "pattern"), flags);
        } catch (const std::regex_error& e) {
          return ToolResult::error(fmt::format("invalid regular expression: {}", e.what()));
        }
        const auto glob = string_arg(a, "glob");
        const auto max = static_cast<std::size_t>(int_arg(a, "max_results", 100));
        json matches = json::array();
        bool truncated = false;
        auto search_file = [&](const fs::path& file) {
          std::error_code ec;
          if (!glob.empty() && !glob_match(glob, file.filename().string())) return;
          if (fs::file_size(file, ec) > limits.max_search_file_bytes || ec) return;
          std::ifstream in(file, std::ios::binary);
          std::string line;
          std::size_t n = 0;
          while (std::getline(in, line)) {
            ++n;
            if (line.find('\0') != std::string::npos) return;  // binary
            if (line.size() > 4096) line.resize(4096);
            bool hit = false;
            try {
              hit = std::regex_search(line, re);
            } catch (const std::regex_error&) {
              hit = false;  // too complex for this line: skipped
            }
            if (hit) {
              if (matches.size() >= max) {
                truncated = true;
                return;
              }
              matches.push_back({{"path", file.string()}, {"line", n}, {"text", line.substr(0, 500)}});
            }
          }
        };
        std::error_code ec;
        if (fs::is_regular_file(base, ec)) {
          search_file(base);
        } else {
          std::size_t walked = 0;
          for (fs::recursive_directory_iterator it(base, fs::directory_options::skip_permission_denied, ec), end;
               !ec && it != end && !truncated; it.increment(ec)) {
            if (++walked > limits.max_walk_entries) {
              truncated = true;
              break;
            }
            if (ctx.cancelled()) return ToolResult::error("cancelled");
            std::error_code e2;
            if (it->is_regular_file(e2)) search_file(it->path());
          }
        }
        return ToolResult::structured_json({{"matches", std::move(matches)}, {"truncated", truncated}});
      }));

  // file:///{+path}; a second files connection in the workspace gets files://<name>/{+path}.
  const std::string uri_prefix = namer.qualified() ? "files://" + namer.connection_part() + "/" : "file:///";
  keep(server.add_resource_template(
      {.uri_template = uri_prefix + "{+path}",
       .name = namer("file"),
       .title = "Files under the roots",
       .description = "A file under " + roots_->roots_text() + " by absolute path"},
      [roots, limits](const mcp::UriMatch& m, mcp::Context&) -> mcp::Result<mcp::ResourceContents> {
        const std::string path = "/" + m["path"];
        auto r = roots->resolve(path);  // outside the roots: invalid params, before the disk is touched
        if (auto* e = std::get_if<std::string>(&r)) return mcp::Error::invalid_params(*e);
        auto opened = roots->open(path);
        if (!std::holds_alternative<OpenFile>(opened) || !std::get<OpenFile>(opened).is_regular())
          return mcp::Error::resource_not_found(m.uri);
        const auto& of = std::get<OpenFile>(opened);
        const auto& file = of.path();
        std::string bytes;
        bool truncated = false;
        if (!of.read_prefix(limits.max_read_bytes, bytes, truncated)) return mcp::Error::resource_not_found(m.uri);
        if (truncated)
          return mcp::Error::invalid_params(fmt::format("{} is larger than {} bytes; use the read tools with line ranges",
                                                        file.string(), limits.max_read_bytes));
        const auto mime = mime_for(file);
        if (looks_binary(bytes)) return mcp::ResourceContents{mcp::ResourceContent::of_blob(m.uri, base64_encode(bytes), mime)};
        return mcp::ResourceContents{
            mcp::ResourceContent::of_text(m.uri, std::move(bytes), mime == "application/octet-stream" ? "text/plain" : mime)};
      }));
  watcher_ = std::make_unique<FileWatcher>(
      server.resource_updates(),
      [roots, uri_prefix](const std::string& uri) -> std::optional<fs::path> {
        if (!uri.starts_with(uri_prefix) || uri.find_first_of("?#") != std::string::npos) return std::nullopt;
        auto r = roots->resolve("/" + percent_decode(std::string_view(uri).substr(uri_prefix.size())));
        if (auto* file = std::get_if<fs::path>(&r)) return *file;
        return std::nullopt;
      },
      limits.watch_interval);

  if (!allow_writes_) return;
  const mcp::ToolHints write_hints{.read_only = false, .destructive = true, .idempotent = false, .open_world = false};

  keep(server.add_tool(
      {.name = namer("create"),
       .title = "Create a file",
       .description = "Create a text file (and missing parent directories) with the given content. Refuses an existing "
                      "file unless overwrite is true." + where,
       .input = Schema::object({{"path", Schema::string("file to create")},
                                {"content", Schema::string("the file's text")},
                                {"overwrite", Schema::boolean("replace an existing file; default false").optional()}})
                    .closed(),
       .hints = write_hints},
      [roots](const json& a, mcp::Context&) -> ToolResult {
        auto r = roots->resolve_for_write(string_arg(a, "path"));
        if (auto* e = std::get_if<std::string>(&r)) return ToolResult::error(*e);
        const auto& file = std::get<fs::path>(r);
        if (roots->contains(file) && std::any_of(roots->roots().begin(), roots->roots().end(), [&](const auto& x) { return x == file; }))
          return ToolResult::error("cannot create a file in place of a root");
        std::error_code ec;
        if (fs::is_directory(file, ec)) return ToolResult::error(file.string() + " is a directory");
        if (fs::exists(file, ec) && !bool_arg(a, "overwrite", false))
          return ToolResult::error(file.string() + " already exists; pass overwrite: true to replace it, or use files_edit");
        fs::create_directories(file.parent_path(), ec);
        if (ec) return ToolResult::error(fmt::format("cannot create {}: {}", file.parent_path().string(), ec.message()));
        if (auto err = write_atomically(file, string_arg(a, "content")); !err.empty()) return ToolResult::error(err);
        return ToolResult::structured_json({{"path", file.string()}, {"created", true}});
      }));

  keep(server.add_tool(
      {.name = namer("edit"),
       .title = "Edit a text file",
       .description = "Replace exact text in a file. old_text must occur exactly once unless replace_all is true." + where,
       .input = Schema::object({{"path", Schema::string("file to edit")},
                                {"old_text", Schema::string("text to find, exactly").length(1, 1 << 20)},
                                {"new_text", Schema::string("replacement")},
                                {"replace_all", Schema::boolean("replace every occurrence; default false").optional()}})
                    .closed(),
       .hints = write_hints},
      [roots, limits](const json& a, mcp::Context&) -> ToolResult {
        auto r = roots->resolve_for_write(string_arg(a, "path"));
        if (auto* e = std::get_if<std::string>(&r)) return ToolResult::error(*e);
        const auto& file = std::get<fs::path>(r);
        std::error_code ec;
        if (!fs::is_regular_file(file, ec)) return ToolResult::error(file.string() + " does not exist or is not a regular file");
        std::string text;
        bool truncated = false;
        if (!read_prefix(file, limits.max_read_bytes * 4, text, truncated)) return ToolResult::error("cannot open " + file.string());
        if (truncated) return ToolResult::error(file.string() + " is too large to edit with files_edit");
        const auto old_text = string_arg(a, "old_text");
        const auto new_text = string_arg(a, "new_text");
        std::size_t count = 0;
        for (auto pos = text.find(old_text); pos != std::string::npos; pos = text.find(old_text, pos + old_text.size())) ++count;
        if (count == 0) return ToolResult::error("old_text was not found in " + file.string() + "; read the file and copy the text exactly");
        const bool all = bool_arg(a, "replace_all", false);
        if (count > 1 && !all)
          return ToolResult::error(fmt::format("old_text occurs {} times in {}; include more context to make it unique, or "
                                               "pass replace_all: true", count, file.string()));
        std::string out;
        std::size_t from = 0;
        for (auto pos = text.find(old_text); pos != std::string::npos; pos = text.find(old_text, from)) {
          out.append(text, from, pos - from);
          out += new_text;
          from = pos + old_text.size();
        }
        out.append(text, from, std::string::npos);
        if (auto err = write_atomically(file, out); !err.empty()) return ToolResult::error(err);
        return ToolResult::structured_json({{"path", file.string()}, {"replacements", count}});
      }));

  keep(server.add_tool(
      {.name = namer("move"),
       .title = "Move or rename",
       .description = "Move or rename a file or directory within the roots. Refuses to replace an existing destination." + where,
       .input = Schema::object({{"source", Schema::string("file or directory to move")},
                                {"destination", Schema::string("new path")}})
                    .closed(),
       .hints = write_hints},
      [roots](const json& a, mcp::Context&) -> ToolResult {
        auto src = roots->resolve_for_write(string_arg(a, "source"));
        if (auto* e = std::get_if<std::string>(&src)) return ToolResult::error(*e);
        auto dst = roots->resolve_for_write(string_arg(a, "destination"));
        if (auto* e = std::get_if<std::string>(&dst)) return ToolResult::error(*e);
        const auto& from = std::get<fs::path>(src);
        const auto& to = std::get<fs::path>(dst);
        for (const auto& root : roots->roots())
          if (from == root) return ToolResult::error("a root cannot be moved");
        std::error_code ec;
        if (!fs::exists(fs::symlink_status(from, ec))) return ToolResult::error(from.string() + " does not exist");
        if (fs::exists(fs::symlink_status(to, ec))) return ToolResult::error(to.string() + " already exists; choose another destination");
        fs::rename(from, to, ec);
        if (ec) return ToolResult::error(fmt::format("cannot move {} to {}: {}", from.string(), to.string(), ec.message()));
        return ToolResult::structured_json({{"source", from.string()}, {"destination", to.string()}});
      }));
}

}  // namespace conhub::connectors
