#include "transport/post_exchange.hpp"

#include "transport/http_replies.hpp"

namespace conhub::mcp::detail {

Exchange PostExchange::exchange() {
  auto self = shared_from_this();
  return Exchange{[self](std::string message) { self->on_interim(std::move(message)); },
                  [self](Completion completion) { self->on_complete(std::move(completion)); }, stop_.get_token()};
}

void PostExchange::on_interim(std::string message) {
  {
    std::lock_guard lock(mutex_);
    if (completion_) return;  // never after the completion (Exchange contract)
    if (stream_) {
      stream_->push(message);
      return;
    }
    early_.push_back(std::move(message));
  }
  cv_.notify_all();
}

void PostExchange::on_complete(Completion completion) {
  {
    std::lock_guard lock(mutex_);
    if (completion.message.empty() && !timeout_message_.empty())
      completion.message = rpc_error_body(completion.id, -32603, timeout_message_);
    if (stream_) {
      if (!completion.message.empty()) stream_->push(completion.message);
      stream_->finish();
    }
    completion_ = std::move(completion);
  }
  cv_.notify_all();
}

bool PostExchange::wait_for_json(std::chrono::milliseconds grace) {
  std::unique_lock lock(mutex_);
  cv_.wait_for(lock, grace, [this] { return completion_.has_value() || !early_.empty(); });
  return completion_.has_value() && early_.empty();
}

void PostExchange::commit(std::shared_ptr<EventStream> stream) {
  std::lock_guard lock(mutex_);
  for (auto& message : early_) stream->push(message);
  early_.clear();
  if (completion_) {
    if (!completion_->message.empty()) stream->push(completion_->message);
    stream->finish();
  }
  stream_ = std::move(stream);
}

void PostExchange::time_out(const std::string& message) {
  {
    std::lock_guard lock(mutex_);
    if (completion_) return;
    timeout_message_ = message;
  }
  stop_.request_stop();
}

bool PostExchange::completed() const {
  std::lock_guard lock(mutex_);
  return completion_.has_value();
}

}  // namespace conhub::mcp::detail
