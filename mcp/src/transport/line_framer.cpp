#include "transport/line_framer.hpp"

namespace conhub::mcp::detail {

void LineFramer::feed(const char* data, std::size_t size, std::vector<Line>& out) {
  buffer_.append(data, size);
  std::size_t start = 0;
  for (std::size_t newline; (newline = buffer_.find('\n', scanned_)) != std::string::npos;) {
    std::size_t length = newline - start;
    if (length > 0 && buffer_[newline - 1] == '\r') --length;
    if (discarding_) {
      out.push_back({{}, true, discarded_ + length});
      discarding_ = false;
    } else if (length > limit_) {
      out.push_back({{}, true, length});
    } else if (buffer_.find_first_not_of(" \t", start) < start + length) {
      out.push_back({buffer_.substr(start, length), false, length});
    }
    start = newline + 1;
    scanned_ = start;
  }
  buffer_.erase(0, start);
  scanned_ = buffer_.size();
  if (buffer_.size() > limit_) {
    if (!discarding_) discarded_ = 0;
    discarded_ += buffer_.size();
    discarding_ = true;
    buffer_.clear();
    scanned_ = 0;
  }
}

}  // namespace conhub::mcp::detail
