// LineFramer: splits the stdio byte stream into newline-delimited messages without ever
// holding more than the size limit: an oversized line is dropped as it streams in and
// reported (with its size) once its newline arrives. Used by the reading thread only.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace conhub::mcp::detail {

class LineFramer {
 public:
  struct Line {
    std::string text;
    bool oversized = false;
    std::size_t size = 0;
  };

  explicit LineFramer(std::size_t limit) : limit_(limit) {}

  /// Appends the complete lines in `data` to `out`; keeps the unfinished tail. Blank lines
  /// are skipped and a trailing "\r" is removed.
  void feed(const char* data, std::size_t size, std::vector<Line>& out);

 private:
  std::size_t limit_;
  std::string buffer_;
  std::size_t scanned_ = 0;
  bool discarding_ = false;
  std::size_t discarded_ = 0;
};

}  // namespace conhub::mcp::detail
