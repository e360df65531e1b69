#include "connector.hpp"

#include <algorithm>

namespace conhub::connectors {

namespace {
constexpr std::size_t kMaxName = 64;
}

Credential& Credential::operator=(Credential&& other) noexcept {
  if (this != &other) {
    std::fill(text_.begin(), text_.end(), '\0');
    text_ = std::move(other.text_);
    other.text_.clear();
  }
  return *this;
}

Credential::~Credential() {
  // volatile writes so the wipe is not optimised away
  volatile char* p = text_.data();
  for (std::size_t i = 0; i < text_.size(); ++i) p[i] = '\0';
}

std::string sanitize_name_part(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) c = '_';
  }
  return out;
}

ToolNamer::ToolNamer(std::string provider, std::string connection, bool qualify)
    : provider_(sanitize_name_part(provider)), connection_(qualify ? sanitize_name_part(connection) : ""), qualify_(qualify) {}

std::string ToolNamer::operator()(std::string_view verb_noun) const {
  const std::string tail = sanitize_name_part(verb_noun);
  if (!qualify_ || connection_.empty()) return (provider_ + "_" + tail).substr(0, kMaxName);
  const std::size_t fixed = provider_.size() + tail.size() + 2;
  std::string connection = connection_;
  // Cut the connection part, never the verb and noun, so names stay recognisable.
  if (fixed + connection.size() > kMaxName) connection.resize(fixed < kMaxName ? kMaxName - fixed : 1);
  return (provider_ + "_" + connection + "_" + tail).substr(0, kMaxName);
}

Connector::~Connector() { remove(); }

void Connector::declare(mcp::Server& server, const ToolNamer& namer) {
  try {
    declare_features(server, namer);
  } catch (...) {
    remove();  // half-declared connectors leave nothing behind
    throw;
  }
}

void Connector::remove() {
  for (auto& r : registrations_) r.remove();
  registrations_.clear();
}

void note_rejected_credential(const ApiError& error, const ConnectorContext& context) {
  if (error.kind == ApiErrorKind::kUnauthorized && context.status)
    context.status->credential_rejected(context.connection.id, error.for_model());
}

mcp::ToolResult tool_error(const ApiError& error, const ConnectorContext& context) {
  note_rejected_credential(error, context);
  return mcp::ToolResult::error(error.for_model());
}

mcp::Error resource_error(const ApiError& error, const ConnectorContext& context, const std::string& uri) {
  note_rejected_credential(error, context);
  if (error.kind == ApiErrorKind::kNotFound) return mcp::Error::resource_not_found(uri);
  return mcp::Error::internal(error.for_model());
}

}  // namespace conhub::connectors
