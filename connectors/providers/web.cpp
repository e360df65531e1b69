#include "web.hpp"

#include <chrono>
#include <deque>
#include <set>

#include <fmt/format.h>

#include "../web/html_to_markdown.hpp"
#include "../web/robots.hpp"

namespace conhub::connectors {

using nlohmann::json;
using web::FetchError;
using web::FetchedPage;
using web::PageKind;
using web::Url;

namespace {

constexpr std::int64_t kDefaultMaxLength = 20'000;
constexpr std::int64_t kMaxMaxLength = 100'000;
constexpr std::size_t kSummaryBytes = 500;
constexpr std::size_t kMaxSkippedListed = 200;

std::int64_t int_arg(const json& a, const char* key, std::int64_t fallback) {
  auto it = a.find(key);
  return it != a.end() && it->is_number_integer() ? it->get<std::int64_t>() : fallback;
}

std::string string_arg(const json& a, const char* key) {
  auto it = a.find(key);
  return it != a.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<Url> url_arg(const json& a) {
  const std::string text = string_arg(a, "url");
  return Url::parse(text);
}

constexpr const char* kBadUrl =
    "url must be an absolute http:// or https:// URL with a host (no user:password@), e.g. https://example.com/docs/";

std::string binary_error(const FetchedPage& page) {
  return fmt::format("{} is {}, not text: web_fetch returns HTML (as Markdown), plain text, Markdown and JSON only",
                     page.url.without_fragment(), page.media_type.empty() ? "binary data" : page.media_type);
}

// The Markdown without its "# title" line, cut to about `bytes` on a UTF-8 boundary.
std::string summary_of(const std::string& markdown, const std::string& title) {
  std::string_view body = markdown;
  if (!title.empty() && body.starts_with("# " + title)) {
    body.remove_prefix(2 + title.size());
    while (!body.empty() && body.front() == '\n') body.remove_prefix(1);
  }
  if (body.size() <= kSummaryBytes) return std::string(body);
  return std::string(body.substr(0, web::utf8_boundary(body, kSummaryBytes))) + "…";
}

struct Crawl {
  json pages = json::array();
  json skipped = json::array();
  std::size_t skipped_total = 0;
  void skip(const std::string& url, std::string reason) {
    ++skipped_total;
    if (skipped.size() < kMaxSkippedListed) skipped.push_back({{"url", url}, {"reason", std::move(reason)}});
  }
};

// RFC 9309 §2.3.1: a robots.txt that is missing (4xx) allows everything; one that cannot be
// read (5xx, network) means "disallow everything" until it can.
std::variant<web::Robots, FetchError> load_robots(const web::Fetcher& fetcher, const Url& start, std::stop_token stop,
                                                  std::string& note) {
  auto robots_url = start.resolve("/robots.txt");
  auto got = fetcher.fetch(*robots_url, stop);
  if (auto* page = std::get_if<FetchedPage>(&got)) {
    if (page->kind == PageKind::kBinary) return web::Robots::allow_all();
    return web::Robots::parse(page->text);
  }
  auto& error = std::get<FetchError>(got);
  if (error.kind == FetchError::Kind::kCancelled || error.kind == FetchError::Kind::kRefused) return error;
  if (error.kind == FetchError::Kind::kHttpStatus && error.http_status >= 400 && error.http_status < 500)
    return web::Robots::allow_all();
  note = "robots.txt could not be read (" + error.message + "); RFC 9309 says to assume every page is disallowed";
  return web::Robots::disallow_all();
}

}  // namespace

ConnectorInfo WebConnector::static_info() {
  return {.provider = "web", .credential = CredentialKind::kNone,
          .description = "public web pages: fetch one as Markdown, or crawl a site section (SSRF-guarded)"};
}

CreateResult WebConnector::create(ConnectorContext context) {
  std::vector<std::string> allow;
  const json& c = context.connection.config;
  if (c.is_object() && c.contains("allow")) {
    if (!c["allow"].is_array()) return fmt::format("web/{}: config \"allow\" must be a list", context.connection.name);
    for (const auto& entry : c["allow"]) {
      if (!entry.is_string()) return fmt::format("web/{}: every \"allow\" entry must be a string", context.connection.name);
      allow.push_back(entry.get<std::string>());
    }
  }
  auto policy = web::AddressPolicy::make(allow);
  if (auto* error = std::get_if<std::string>(&policy)) return fmt::format("web/{}: {}", context.connection.name, *error);
  return std::unique_ptr<Connector>(
      std::make_unique<WebConnector>(std::move(context), std::get<web::AddressPolicy>(std::move(policy))));
}

WebConnector::WebConnector(ConnectorContext context, web::AddressPolicy policy, web::WebLimits limits,
                           HttpClientConfig client_config)
    : info_(static_info()),
      context_(std::move(context)),
      fetcher_(std::make_shared<const web::Fetcher>(std::move(policy), limits, std::move(client_config))) {}

void WebConnector::declare_features(mcp::Server& server, const ToolNamer& namer) {
  using mcp::Schema;
  using mcp::ToolResult;
  const mcp::ToolHints hints{.read_only = true, .destructive = false, .idempotent = true, .open_world = true};
  auto fetcher = fetcher_;
  const std::string fetch_name = namer("fetch");

  keep(server.add_tool(
      {.name = fetch_name,
       .title = "Fetch a web page",
       .description =
           "GET an http(s) URL and return it as text: HTML converted to Markdown (title, headings, links with "
           "absolute URLs, lists, code, tables), plain text, Markdown and JSON as they are. Long pages come in "
           "slices of max_length bytes: call again with the next_offset given. Private, loopback and cloud "
           "metadata addresses are refused unless the connection allows them.",
       .input = Schema::object({{"url", Schema::string("absolute http:// or https:// URL").length(1, 8192)},
                                {"max_length", Schema::integer("bytes of text to return, default 20000")
                                                   .range(1, static_cast<double>(kMaxMaxLength))
                                                   .optional()},
                                {"offset", Schema::integer("byte offset to start at, default 0 (use next_offset)")
                                               .range(0, 1e12)
                                               .optional()},
                                {"raw", Schema::boolean("return HTML as it is, without Markdown conversion").optional()}})
                    .closed(),
       .hints = hints},
      [fetcher, fetch_name](const json& a, mcp::Context& ctx) -> ToolResult {
        const auto url = url_arg(a);
        if (!url) return ToolResult::error(kBadUrl);
        const auto max_length = static_cast<std::size_t>(int_arg(a, "max_length", kDefaultMaxLength));
        const auto offset = static_cast<std::size_t>(int_arg(a, "offset", 0));
        const bool raw = a.contains("raw") && a["raw"].is_boolean() && a["raw"].get<bool>();
        auto got = fetcher->fetch(*url, ctx.stop_token());
        if (auto* error = std::get_if<FetchError>(&got)) return ToolResult::error(error->message);
        auto& page = std::get<FetchedPage>(got);
        if (page.kind == PageKind::kBinary) return ToolResult::error(binary_error(page));
        std::string title;
        std::string text;
        if (page.kind == PageKind::kHtml) {
          auto converted = web::html_to_markdown(page.text, page.url);
          title = std::move(converted.title);
          text = raw ? std::move(page.text) : std::move(converted.markdown);
        } else {
          text = std::move(page.text);
        }
        const std::size_t total = text.size();
        if (offset > total)
          return ToolResult::error(fmt::format("offset {} is past the end: the text is {} bytes long", offset, total));
        std::size_t begin = offset;
        while (begin < total && (static_cast<unsigned char>(text[begin]) & 0xC0) == 0x80) ++begin;  // not mid-character
        std::size_t end = web::utf8_boundary(text, std::min(total, begin + max_length));
        if (end == begin && begin < total) {  // one character longer than max_length: return it whole
          end = begin + 1;
          while (end < total && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
        }
        const bool truncated = end < total;
        std::string out = text.substr(begin, end - begin);
        if (truncated)
          out += fmt::format("\n\n[Truncated: bytes {}–{} of {} shown. Call {} with offset={} for the rest.]", begin,
                             end, total, fetch_name, end);
        ToolResult result;
        result.content.push_back(mcp::Content::text(std::move(out)));
        result.structured = json{{"url", page.url.str()},
                                 {"title", title},
                                 {"content_type", page.media_type},
                                 {"total_length", total},
                                 {"offset", begin},
                                 {"next_offset", truncated ? json(end) : json(nullptr)}};
        return result;
      }));

  keep(server.add_tool(
      {.name = namer("crawl"),
       .title = "Crawl a site section",
       .description =
           "Breadth-first crawl from a URL, following links on the same scheme, host and port under path_prefix "
           "(default: the start URL's directory), HTML pages only, honouring robots.txt. Returns each page's "
           "url, title, depth and a ~500 character summary, and the links skipped with the reason. Fetch a "
           "page in full with the fetch tool.",
       .input = Schema::object({{"url", Schema::string("absolute http:// or https:// start URL").length(1, 8192)},
                                {"max_depth", Schema::integer("link depth from the start page, default 1").range(0, 3).optional()},
                                {"max_pages", Schema::integer("pages to fetch, default 10").range(1, 50).optional()},
                                {"path_prefix", Schema::string("only follow paths starting with this, e.g. /docs/").optional()}})
                    .closed(),
       .hints = hints},
      [fetcher](const json& a, mcp::Context& ctx) -> ToolResult {
        const auto start = url_arg(a);
        if (!start) return ToolResult::error(kBadUrl);
        const int max_depth = static_cast<int>(int_arg(a, "max_depth", 1));
        const auto max_pages = static_cast<std::size_t>(int_arg(a, "max_pages", 10));
        std::string prefix = string_arg(a, "path_prefix");
        if (prefix.empty()) prefix = start->directory();
        if (!prefix.starts_with('/')) return ToolResult::error("path_prefix must start with '/', e.g. /docs/");
        const auto stop = ctx.stop_token();
        const auto deadline = std::chrono::steady_clock::now() + fetcher->limits().crawl_budget;

        std::string robots_note;
        auto robots_or = load_robots(*fetcher, *start, stop, robots_note);
        if (auto* error = std::get_if<FetchError>(&robots_or)) return ToolResult::error(error->message);
        const auto& robots = std::get<web::Robots>(robots_or);

        Crawl crawl;
        std::deque<std::pair<Url, int>> queue;
        std::set<std::string> seen;
        Url first = *start;
        first.fragment.reset();
        queue.emplace_back(first, 0);
        seen.insert(first.str());
        const std::string origin = start->origin();
        const auto in_scope = [&](const Url& u) { return u.origin() == origin && u.path.starts_with(prefix); };
        std::string stopped;
        ctx.progress(0, static_cast<double>(max_pages), "reading robots.txt");

        while (!queue.empty()) {
          if (stop.stop_requested()) return ToolResult::error("web_crawl was cancelled");
          if (crawl.pages.size() >= max_pages) {
            stopped = fmt::format("max_pages ({}) reached", max_pages);
            break;
          }
          if (std::chrono::steady_clock::now() > deadline) {
            stopped = fmt::format("time budget ({} s) used up", fetcher->limits().crawl_budget.count() / 1000);
            break;
          }
          auto [url, depth] = std::move(queue.front());
          queue.pop_front();
          const std::string key = url.str();
          const std::string path_and_query = url.path + (url.query ? "?" + *url.query : "");
          if (!robots.allowed(path_and_query)) {
            crawl.skip(key, robots_note.empty() ? "disallowed by robots.txt" : robots_note);
            continue;
          }
          ctx.progress(static_cast<double>(crawl.pages.size()), static_cast<double>(max_pages), "fetching " + key);
          auto got = fetcher->fetch(url, stop);
          if (auto* error = std::get_if<FetchError>(&got)) {
            if (error->kind == FetchError::Kind::kCancelled) return ToolResult::error("web_crawl was cancelled");
            crawl.skip(key, error->message);
            continue;
          }
          auto& page = std::get<FetchedPage>(got);
          Url final_url = page.url;
          final_url.fragment.reset();
          if (final_url.str() != key) {
            if (!in_scope(final_url)) {
              crawl.skip(key, "redirects outside the crawl scope, to " + final_url.str());
              continue;
            }
            if (!seen.insert(final_url.str()).second) {
              crawl.skip(key, "redirects to " + final_url.str() + ", already crawled");
              continue;
            }
          }
          if (page.kind != PageKind::kHtml) {
            crawl.skip(key, "not HTML (" + (page.media_type.empty() ? std::string("no content type") : page.media_type) + ")");
            continue;
          }
          auto converted = web::html_to_markdown(page.text, page.url);
          crawl.pages.push_back({{"url", final_url.str()},
                                 {"title", converted.title},
                                 {"depth", depth},
                                 {"summary", summary_of(converted.markdown, converted.title)}});
          if (depth >= max_depth) continue;
          for (auto& link : converted.links) {
            link.fragment.reset();
            const std::string link_key = link.str();
            if (!seen.insert(link_key).second) continue;
            if (link.origin() != origin) crawl.skip(link_key, "another site (only " + origin + " is crawled)");
            else if (!link.path.starts_with(prefix)) crawl.skip(link_key, "outside path_prefix " + prefix);
            else queue.emplace_back(std::move(link), depth + 1);
          }
        }
        for (const auto& [url, depth] : queue) crawl.skip(url.str(), "not fetched: " + stopped);
        ctx.progress(static_cast<double>(crawl.pages.size()), static_cast<double>(crawl.pages.size()), "done");
        json out{{"start_url", first.str()},
                 {"path_prefix", prefix},
                 {"pages", std::move(crawl.pages)},
                 {"skipped", std::move(crawl.skipped)},
                 {"skipped_total", crawl.skipped_total},
                 {"stopped", stopped.empty() ? json(nullptr) : json(stopped)}};
        return ToolResult::structured_json(std::move(out));
      }));
}

}  // namespace conhub::connectors
