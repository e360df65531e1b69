#include "conhub/store/data_dir.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace conhub::store {

namespace {
const char* non_empty_env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : nullptr;
}
}  // namespace

Result<std::filesystem::path> data_dir_from_env() {
  if (const char* home = non_empty_env("CONHUB_HOME")) return std::filesystem::path(home);
  if (const char* xdg = non_empty_env("XDG_DATA_HOME")) return std::filesystem::path(xdg) / "conhub";
  if (const char* home = non_empty_env("HOME")) return std::filesystem::path(home) / ".local" / "share" / "conhub";
  return Error{ErrorKind::kIo, "cannot find a data directory: set CONHUB_HOME (or XDG_DATA_HOME or HOME)"};
}

Status ensure_private_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  if (dir.has_parent_path()) std::filesystem::create_directories(dir.parent_path(), ec);
  if (ec) return Error{ErrorKind::kIo, fmt::format("cannot create {}: {}", dir.parent_path().string(), ec.message())};
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    return Error{ErrorKind::kIo, fmt::format("cannot create {}: {}", dir.string(), std::strerror(errno))};
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    return Error{ErrorKind::kIo, fmt::format("{} is not a directory", dir.string())};
  // An existing directory is not re-permissioned behind the operator's back; they hear of it.
  if ((st.st_mode & 077) != 0)
    spdlog::warn("data directory {} is accessible by group or others (mode {:o}); consider chmod 700", dir.string(),
                 st.st_mode & 0777);
  return ok_status();
}

}  // namespace conhub::store
