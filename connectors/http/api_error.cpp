#include "http/api_error.hpp"

#include <fmt/format.h>

namespace conhub::connectors {

namespace {

std::string describe_wait(std::chrono::seconds wait) {
  const auto s = wait.count();
  if (s < 180) return fmt::format("{} s", s);
  if (s < 2 * 3600) return fmt::format("{} min", (s + 59) / 60);
  return fmt::format("{} h {} min", s / 3600, (s % 3600 + 59) / 60);
}

std::string reason(const ApiError& error) {
  std::string out;
  if (error.http_status != 0) out = fmt::format("HTTP {}", error.http_status);
  if (!error.message.empty()) out += (out.empty() ? "" : ": ") + error.message;
  return out;
}

}  // namespace

std::string_view to_string(ApiErrorKind kind) {
  switch (kind) {
    case ApiErrorKind::kUnauthorized: return "unauthorized";
    case ApiErrorKind::kForbidden: return "forbidden";
    case ApiErrorKind::kNotFound: return "not_found";
    case ApiErrorKind::kBadRequest: return "bad_request";
    case ApiErrorKind::kRateLimited: return "rate_limited";
    case ApiErrorKind::kServerError: return "server_error";
    case ApiErrorKind::kNetwork: return "network";
    case ApiErrorKind::kTimeout: return "timeout";
    case ApiErrorKind::kCancelled: return "cancelled";
    case ApiErrorKind::kTooLarge: return "too_large";
    case ApiErrorKind::kBadResponse: return "bad_response";
    case ApiErrorKind::kRefused: return "refused";
  }
  return "network";
}

ApiErrorKind kind_for_status(int status) {
  if (status == 401) return ApiErrorKind::kUnauthorized;
  if (status == 403) return ApiErrorKind::kForbidden;
  if (status == 404 || status == 410) return ApiErrorKind::kNotFound;
  if (status == 429) return ApiErrorKind::kRateLimited;
  if (status >= 500) return ApiErrorKind::kServerError;
  if (status >= 400) return ApiErrorKind::kBadRequest;
  return ApiErrorKind::kBadResponse;  // 1xx/3xx as a final answer
}

std::string one_line(std::string_view text, std::size_t max_chars) {
  text = text.substr(0, text.find_first_of("\r\n"));
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) continue;
    out.push_back(ch);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.size() > max_chars) {
    std::size_t cut = max_chars;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 sequence
    out.resize(cut);
    out += "…";
  }
  return out;
}

std::string ApiError::for_model() const {
  const std::string what = operation.empty() ? std::string("The request") : operation;
  const std::string why = reason(*this);
  const std::string because = why.empty() ? "" : fmt::format(" ({})", why);
  switch (kind) {
    case ApiErrorKind::kUnauthorized:
      return fmt::format("{} failed: the provider rejected the credential{}. The token may be expired or revoked; "
                         "ask the user to reconnect this connection with a valid token.", what, because);
    case ApiErrorKind::kForbidden:
      return fmt::format("{} failed: access denied{}. The token may lack a scope or access to this resource; "
                         "try another resource or ask the user to grant access.", what, because);
    case ApiErrorKind::kNotFound:
      return fmt::format("{} failed: not found{}. Check the owner, name, number, path or ref (private resources "
                         "the token cannot see also look missing).", what, because);
    case ApiErrorKind::kBadRequest:
      return fmt::format("{} failed: the provider refused the arguments{}. Change the arguments and try again.",
                         what, because);
    case ApiErrorKind::kRateLimited:
      if (retry_after)
        return fmt::format("{} failed: rate limit reached{}. Retry after {}; until then avoid calls to this provider.",
                           what, because, describe_wait(*retry_after));
      return fmt::format("{} failed: rate limit reached{}. Wait a minute before retrying.", what, because);
    case ApiErrorKind::kServerError:
      if (retry_after)
        return fmt::format("{} failed: the provider had a server error{}. Retry after {}.", what, because,
                           describe_wait(*retry_after));
      return fmt::format("{} failed: the provider had a server error{} and retries did not help. "
                         "Try again later.", what, because);
    case ApiErrorKind::kNetwork:
      return fmt::format("{} failed: could not reach the provider{}. Check the network or the connection's "
                         "base URL, then try again.", what, because);
    case ApiErrorKind::kTimeout:
      return fmt::format("{} failed: the provider did not answer in time{}. Try again, or ask for less "
                         "(a narrower query or a smaller page).", what, because);
    case ApiErrorKind::kCancelled:
      return fmt::format("{} was cancelled before it finished.", what);
    case ApiErrorKind::kTooLarge:
      return fmt::format("{} failed: the response was too large{}. Ask for less: a smaller page, a narrower "
                         "query or a single file.", what, because);
    case ApiErrorKind::kBadResponse:
      return fmt::format("{} failed: the provider's answer could not be used{}. Try again; if it persists, "
                         "the connection's base URL may point at the wrong service.", what, because);
    case ApiErrorKind::kRefused:
      return fmt::format("{} was refused before connecting: {}.", what, message);
  }
  return fmt::format("{} failed{}.", what, because);
}

}  // namespace conhub::connectors
