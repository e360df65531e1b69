#include "transport/modern_headers.hpp"

#include <algorithm>

#include "protocol/revisions.hpp"

namespace conhub::mcp::detail {

using nlohmann::json;

namespace {

constexpr std::string_view kBase64Prefix = "=?base64?";
constexpr std::string_view kBase64Suffix = "?=";

bool visible_ascii(const std::string& value) {
  return std::all_of(value.begin(), value.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u == '\t' || (u >= 0x20 && u < 0x7f);
  });
}

std::optional<std::string> base64_decode(std::string_view text) {
  auto value_of = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    int v = value_of(c);
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  return out;
}

/// httplib 0.11 percent-decodes header values, so a plain value is compared with the
/// decoded body value ("file:///a%20b" arrives as "file:///a b").
std::string percent_decoded(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

std::string shortened(const std::string& value) { return value.size() > 64 ? value.substr(0, 64) + "…" : value; }

std::optional<std::string> check_single(const std::vector<std::string>& values, const char* header) {
  if (values.empty()) return std::string("missing required header ") + header;
  if (values.size() > 1) return std::string("header ") + header + " must appear once";
  if (!visible_ascii(values[0])) return std::string("header ") + header + " holds characters outside visible ASCII";
  return std::nullopt;
}

bool name_matches(const std::string& header, const std::string& body) {
  std::string_view view(header);
  if (view.size() >= kBase64Prefix.size() + kBase64Suffix.size() && view.substr(0, kBase64Prefix.size()) == kBase64Prefix &&
      view.substr(view.size() - kBase64Suffix.size()) == kBase64Suffix) {
    auto decoded = base64_decode(view.substr(kBase64Prefix.size(), view.size() - kBase64Prefix.size() - kBase64Suffix.size()));
    return decoded && *decoded == body;
  }
  return header == body || header == percent_decoded(body);
}

}  // namespace

std::optional<std::string> check_modern_headers(const ModernHeaders& headers, const json& body) {
  const json* meta = nullptr;
  if (auto params = body.find("params"); params != body.end() && params->is_object())
    if (auto m = params->find("_meta"); m != params->end() && m->is_object()) meta = &*m;
  if (meta) {
    if (auto version = meta->find(kMetaProtocolVersion); version != meta->end() && version->is_string()) {
      if (auto problem = check_single(headers.protocol_version, "MCP-Protocol-Version")) return problem;
      if (headers.protocol_version[0] != version->get<std::string>())
        return "header MCP-Protocol-Version (" + shortened(headers.protocol_version[0]) +
               ") does not match _meta protocolVersion (" + shortened(version->get<std::string>()) + ")";
    }
  }
  if (auto problem = check_single(headers.method, "Mcp-Method")) return problem;
  const std::string method = body.value("method", "");
  if (headers.method[0] != method)
    return "header Mcp-Method (" + shortened(headers.method[0]) + ") does not match the body's method (" + shortened(method) + ")";

  const char* name_field = nullptr;
  if (method == "tools/call" || method == "prompts/get") name_field = "name";
  if (method == "resources/read") name_field = "uri";
  if (!name_field) return std::nullopt;
  if (auto problem = check_single(headers.name, "Mcp-Name")) return problem;
  std::string body_name;
  if (auto params = body.find("params"); params != body.end() && params->is_object())
    if (auto n = params->find(name_field); n != params->end() && n->is_string()) body_name = n->get<std::string>();
  if (!name_matches(headers.name[0], body_name))
    return "header Mcp-Name (" + shortened(headers.name[0]) + ") does not match params." + name_field + " (" +
           shortened(body_name) + ")";
  return std::nullopt;
}

}  // namespace conhub::mcp::detail
