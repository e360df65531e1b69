#include "server/uri_template.hpp"

#include <sstream>
#include <stdexcept>

namespace conhub::mcp::detail {

namespace {

std::string escape_literal(const std::string& text) {
  static const std::string kSpecial = R"(\^$.|?*+()[]{})";
  std::string out;
  for (char c : text) {
    if (kSpecial.find(c) != std::string::npos) out += '\\';
    out += c;
  }
  return out;
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, separator)) parts.push_back(part);
  return parts;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string percent_decode(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int hi = hex_value(text[i + 1]);
      int lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

UriTemplate::UriTemplate(const std::string& text) {
  std::string regex = "^";
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto open = text.find('{', pos);
    if (open == std::string::npos) {
      regex += escape_literal(text.substr(pos));
      break;
    }
    regex += escape_literal(text.substr(pos, open - pos));
    auto close = text.find('}', open);
    if (close == std::string::npos) throw std::invalid_argument("URI template has an unclosed '{': " + text);
    std::string expression = text.substr(open + 1, close - open - 1);
    if (expression.empty()) throw std::invalid_argument("URI template has an empty expression: " + text);

    Group group;
    if (std::string("+#/?&.;").find(expression[0]) != std::string::npos) {
      group.op = expression[0];
      expression.erase(0, 1);
    }
    bool explode = false;
    for (auto name : split(expression, ',')) {
      if (!name.empty() && name.back() == '*') {
        explode = true;
        name.pop_back();
      }
      if (auto colon = name.find(':'); colon != std::string::npos) name.resize(colon);  // prefix modifier
      if (name.empty()) throw std::invalid_argument("URI template has an unnamed variable: " + text);
      group.names.push_back(name);
      variables_.push_back(name);
    }
    switch (group.op) {
      case '+': regex += "([^?#]*)"; break;
      case '#': regex += "(?:#(.*))?"; break;
      case '/': regex += explode ? "((?:/[^/?#]*)*)" : "(?:/([^/?#]*))"; break;
      case '.': regex += "(?:\\.([^/?#.]*))?"; break;
      case '?':
      case '&': regex += "(?:[?&]([^#]*))?"; break;
      case ';': regex += "((?:;[^/?#]*)*)"; break;
      default: regex += explode ? "([^?#]*)" : "([^/?#]+)"; break;
    }
    groups_.push_back(std::move(group));
    pos = close + 1;
  }
  regex += "$";
  pattern_ = std::regex(regex, std::regex::ECMAScript | std::regex::optimize);
}

std::optional<std::map<std::string, std::string>> UriTemplate::match(const std::string& uri) const {
  std::smatch m;
  if (!std::regex_match(uri, m, pattern_)) return std::nullopt;
  std::map<std::string, std::string> values;
  for (std::size_t i = 0; i < groups_.size(); ++i) {
    const auto& group = groups_[i];
    std::string captured = m[i + 1].matched ? m[i + 1].str() : std::string();
    if (group.op == '?' || group.op == '&' || group.op == ';') {
      for (const auto& pair : split(captured, group.op == ';' ? ';' : '&')) {
        auto eq = pair.find('=');
        std::string key = pair.substr(0, eq);
        for (const auto& name : group.names) {
          if (name == key) values[name] = eq == std::string::npos ? "" : percent_decode(pair.substr(eq + 1));
        }
      }
      continue;
    }
    if (group.op == '/' && !captured.empty() && captured.front() == '/' && group.names.size() == 1) {
      captured.erase(0, 1);
    }
    if (group.names.size() == 1) {
      if (m[i + 1].matched) values[group.names[0]] = percent_decode(captured);
      continue;
    }
    auto parts = split(captured, ',');
    for (std::size_t k = 0; k < group.names.size() && k < parts.size(); ++k) values[group.names[k]] = percent_decode(parts[k]);
  }
  return values;
}

}  // namespace conhub::mcp::detail
