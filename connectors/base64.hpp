// base64: how connectors put binary bytes into MCP blobs. Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

namespace conhub::connectors {

/// RFC 4648 base64 with padding.
std::string base64_encode(std::string_view bytes);

}  // namespace conhub::connectors
