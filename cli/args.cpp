#include "args.hpp"

#include <algorithm>

namespace conhub::cli {

bool Args::flag(const std::string& name) {
  auto it = std::find(words_.begin(), words_.end(), name);
  if (it == words_.end()) return false;
  words_.erase(it);
  return true;
}

std::optional<std::string> Args::value(const std::string& name) {
  for (auto it = words_.begin(); it != words_.end(); ++it) {
    if (*it == "--") break;
    if (*it == name) {
      if (std::next(it) == words_.end()) throw UsageError{name + " needs a value"};
      std::string v = *std::next(it);
      words_.erase(it, std::next(it, 2));
      return v;
    }
    if (it->rfind(name + "=", 0) == 0) {
      std::string v = it->substr(name.size() + 1);
      words_.erase(it);
      return v;
    }
  }
  return std::nullopt;
}

std::vector<std::string> Args::values(const std::string& name) {
  std::vector<std::string> out;
  while (auto v = value(name)) out.push_back(*v);
  return out;
}

std::optional<std::string> Args::positional() {
  for (auto it = words_.begin(); it != words_.end(); ++it) {
    if (*it == "--") break;
    if (it->rfind("-", 0) == 0) continue;
    std::string v = *it;
    words_.erase(it);
    return v;
  }
  return std::nullopt;
}

std::vector<std::string> Args::after_double_dash() {
  auto it = std::find(words_.begin(), words_.end(), std::string("--"));
  if (it == words_.end()) return {};
  std::vector<std::string> rest(std::next(it), words_.end());
  words_.erase(it, words_.end());
  return rest;
}

void Args::expect_empty() const {
  if (!words_.empty()) throw UsageError{"unexpected argument '" + words_.front() + "'"};
}

}  // namespace conhub::cli
