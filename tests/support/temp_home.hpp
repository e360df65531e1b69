// TempHome: a throwaway CONHUB_HOME for one test (STYLE.md §6). Creates a fresh private
// directory, points CONHUB_HOME at it, clears CONHUB_MASTER_KEY so the host's key never
// leaks in, and removes everything on destruction. Each gtest_discover_tests case runs in
// its own process, so changing the environment here affects only that test.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <string>
#include <system_error>

namespace conhub::test {

class TempHome {
 public:
  TempHome() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/conhub-test-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) throw std::system_error(errno, std::generic_category(), "mkdtemp");
    path_ = pattern;
    ::setenv("CONHUB_HOME", path_.c_str(), 1);
    ::unsetenv("CONHUB_MASTER_KEY");
  }
  ~TempHome() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempHome(const TempHome&) = delete;
  TempHome& operator=(const TempHome&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path db() const { return path_ / "conhub.db"; }

 private:
  std::filesystem::path path_;
};

}  // namespace conhub::test
