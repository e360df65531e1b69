// CapturingSink: an spdlog sink that keeps every formatted line, so a test can assert
// what the logs do (and never) contain. Install with CapturingLogger for a test's scope.
// Thread-safe (spdlog's mutex sink base).
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

namespace conhub::test {

class CapturingSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::string text() {
    std::lock_guard lock(this->mutex_);
    return text_;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t buf;
    this->formatter_->format(msg, buf);
    text_.append(buf.data(), buf.size());
  }
  void flush_() override {}

 private:
  std::string text_;
};

/// Makes a capturing logger the default (level trace) for its lifetime.
class CapturingLogger {
 public:
  CapturingLogger() : sink_(std::make_shared<CapturingSink>()), previous_(spdlog::default_logger()) {
    auto logger = std::make_shared<spdlog::logger>("capture", sink_);
    logger->set_level(spdlog::level::trace);
    spdlog::set_default_logger(logger);
  }
  ~CapturingLogger() { spdlog::set_default_logger(previous_); }
  std::string text() { return sink_->text(); }

 private:
  std::shared_ptr<CapturingSink> sink_;
  std::shared_ptr<spdlog::logger> previous_;
};

}  // namespace conhub::test
