#include "conhub/store/audit_redaction.hpp"

#include <array>
#include <cctype>
#include <cmath>

namespace conhub::store {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool contains(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string_view::npos; }

double entropy_bits_per_char(std::string_view text) {
  std::array<int, 256> counts{};
  for (unsigned char c : text) ++counts[c];
  double bits = 0;
  for (int n : counts) {
    if (n == 0) continue;
    const double p = static_cast<double>(n) / static_cast<double>(text.size());
    bits -= p * std::log2(p);
  }
  return bits;
}

bool token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '+' || c == '/' || c == '=' || c == '.' || c == '~';
}

bool is_word_break(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0 || c == '"' || c == '\'' || c == ',' || c == ';'; }

}  // namespace

bool is_secret_key(std::string_view key) {
  const auto k = lower(key);
  static constexpr std::string_view kWords[] = {"token", "secret", "password", "passwd", "passphrase", "api_key", "apikey",
                                                "api-key", "authorization", "credential", "private_key", "privatekey",
                                                "cookie", "session", "signature", "client_secret"};
  for (auto w : kWords)
    if (contains(k, w)) return true;
  // Exact only: "author" or "keyword" are not credentials.
  return k == "key" || k == "pat" || k == "pwd" || k == "auth";
}

bool looks_like_secret(std::string_view value) {
  const auto v = lower(value);
  for (std::string_view scheme : {"bearer ", "basic ", "token ", "bot "})
    if (v.rfind(scheme, 0) == 0 && value.size() > scheme.size() + 8) return true;
  // Well-known credential prefixes (GitHub, GitLab, Slack, Stripe, Shopify, Google, AWS,
  // OpenAI/Anthropic-style keys, our own access tokens).
  static constexpr std::string_view kPrefixes[] = {"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xoxb-",
                                                   "xoxp-", "xoxa-", "xoxs-", "sk_live_", "sk_test_", "rk_live_", "pk_live_",
                                                   "shpat_", "shpss_", "ya29.", "akia", "sk-", "chub_", "sl.", "eyj"};
  for (auto p : kPrefixes)
    if (v.rfind(p, 0) == 0 && value.size() >= p.size() + 12) return true;
  // Long, unbroken, high-entropy strings with letters and digits: API keys, hex digests,
  // base64 blobs. A normal sentence has spaces; a normal identifier has low entropy.
  if (value.size() < 20) return false;
  bool letter = false, digit = false;
  for (char c : value) {
    if (!token_char(c)) return false;
    letter = letter || std::isalpha(static_cast<unsigned char>(c)) != 0;
    digit = digit || std::isdigit(static_cast<unsigned char>(c)) != 0;
  }
  return letter && digit && entropy_bits_per_char(value) >= 3.5;
}

std::string redact_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  bool after_scheme = false;  // the word after "Bearer"/"Basic"/"token" is the credential
  while (i < text.size()) {
    if (is_word_break(text[i])) {
      out += text[i++];
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && !is_word_break(text[end])) ++end;
    std::string_view word = text.substr(i, end - i);
    const auto lowered = lower(word);
    const bool scheme = lowered == "bearer" || lowered == "basic" || lowered == "token";
    if (after_scheme || looks_like_secret(word)) {
      out += kRedacted;
    } else if (auto q = word.find('?'); q != std::string_view::npos) {
      // A URL: redact query values whose name or content is a credential.
      out += word.substr(0, q + 1);
      std::string_view query = word.substr(q + 1);
      bool first = true;
      while (!query.empty()) {
        const auto amp = query.find('&');
        const auto pair = query.substr(0, amp);
        if (!first) out += '&';
        first = false;
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos && (is_secret_key(pair.substr(0, eq)) || looks_like_secret(pair.substr(eq + 1)))) {
          out += pair.substr(0, eq + 1);
          out += kRedacted;
        } else {
          out += pair;
        }
        if (amp == std::string_view::npos) break;
        query = query.substr(amp + 1);
      }
    } else if (auto eq = word.find('='); eq != std::string_view::npos && eq > 0 && is_secret_key(word.substr(0, eq))) {
      out += word.substr(0, eq + 1);  // "password=hunter2" in free text
      out += kRedacted;
    } else {
      out += word;
    }
    after_scheme = scheme;
    i = end;
  }
  return out;
}

nlohmann::json redact_json(const nlohmann::json& value) {
  if (value.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (is_secret_key(it.key()) && !it.value().is_null() && !it.value().is_boolean())
        out[it.key()] = kRedacted;
      else
        out[it.key()] = redact_json(it.value());
    }
    return out;
  }
  if (value.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : value) out.push_back(redact_json(item));
    return out;
  }
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    if (looks_like_secret(s)) return kRedacted;
    return redact_text(s);
  }
  return value;
}

}  // namespace conhub::store
