// Resource declarations: fixed resources (one URI) and resource templates (RFC 6570 level 1-3
// URI templates such as `github://{owner}/{repo}/blob/{ref}/{path*}`).
// Handlers run on the server's worker pool and may be called concurrently.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "conhub/mcp/result.hpp"

namespace conhub::mcp {

class Context;

struct ResourceSpec {
  std::string uri;
  std::string name;
  std::string title;
  std::string description;
  std::string mime_type;
  std::optional<std::uint64_t> size;
};

struct ResourceTemplateSpec {
  std::string uri_template;
  std::string name;
  std::string title;
  std::string description;
  std::string mime_type;
};

/// One item of resources/read: text or base64 blob.
struct ResourceContent {
  std::string uri;
  std::string mime_type;
  std::optional<std::string> text;
  std::optional<std::string> blob_base64;

  static ResourceContent of_text(std::string uri, std::string text, std::string mime_type = "text/plain");
  static ResourceContent of_blob(std::string uri, std::string base64_data, std::string mime_type);
};
using ResourceContents = std::vector<ResourceContent>;

/// The variables a template matched, e.g. {"owner": "octocat"}.
struct UriMatch {
  std::string uri;
  std::map<std::string, std::string> variables;
  const std::string& operator[](const std::string& name) const { return variables.at(name); }
};

using ResourceHandler = std::function<Result<ResourceContents>(const std::string& uri, Context& context)>;
using ResourceTemplateHandler = std::function<Result<ResourceContents>(const UriMatch& match, Context& context)>;

}  // namespace conhub::mcp
