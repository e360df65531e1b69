#include "fake_website.hpp"

#include <httplib.h>

#include <stdexcept>

namespace conhub::test {

namespace {

constexpr const char* kHtml = "text/html; charset=utf-8";

std::string page(const std::string& title, const std::string& body) {
  return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title +
         "</title><script>var tracking = 1;</script><style>body{}</style></head>\n<body><nav><a href=\"/\">Home</a> "
         "<a href=\"/nav-only.html\">Nav only</a></nav>\n" + body + "\n</body></html>\n";
}

std::string long_page() {
  std::string body = "<h1>Long</h1>\n";
  for (int i = 0; i < 600; ++i)
    body += "<p>Paragraph " + std::to_string(i) + ": caf\xC3\xA9 \xE2\x82\xAC r\xC3\xA9sum\xC3\xA9 na\xC3\xAFve text to page through.</p>\n";
  return page("Long page", body);
}

std::string huge_page() {
  std::string out = "<!DOCTYPE html><html><head><title>Huge</title></head><body>";
  while (out.size() < FakeWebsite::kHugeBytes) out += "<p>0123456789abcdefghijklmnopqrstuvwxyz</p>\n";
  return out + "</body></html>";
}

}  // namespace

FakeWebsite::FakeWebsite(std::string host) : host_(std::move(host)) {}
FakeWebsite::~FakeWebsite() { stop(); }

std::string FakeWebsite::base_url() const {
  const bool v6 = host_.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + host_ + "]" : host_) + ":" + std::to_string(port_);
}

void FakeWebsite::start(int port) {
  if (server_) throw std::logic_error("FakeWebsite already started");
  server_ = std::make_unique<httplib::Server>();
  server_->set_keep_alive_timeout(2);
  install_routes();
  port_ = port == 0 ? server_->bind_to_any_port(host_) : (server_->bind_to_port(host_, port) ? port : -1);
  if (port_ <= 0) {
    server_.reset();
    throw std::runtime_error("fake-website: cannot bind " + host_ + ":" + std::to_string(port));
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!server_->is_running()) {
    if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("fake-website: server did not start");
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

void FakeWebsite::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
}

void FakeWebsite::set_robots(std::string text) {
  std::lock_guard lock(mutex_);
  robots_ = std::move(text);
}

void FakeWebsite::set_slow_delay(std::chrono::milliseconds delay) {
  std::lock_guard lock(mutex_);
  slow_delay_ = delay;
}

std::vector<std::string> FakeWebsite::requests() const {
  std::lock_guard lock(mutex_);
  return seen_;
}

std::size_t FakeWebsite::request_count() const {
  std::lock_guard lock(mutex_);
  return seen_.size();
}

void FakeWebsite::clear_requests() {
  std::lock_guard lock(mutex_);
  seen_.clear();
}

void FakeWebsite::install_routes() {
  using httplib::Request;
  using httplib::Response;
  auto& s = *server_;
  s.set_pre_routing_handler([this](const Request& req, Response&) {
    std::string target = req.path;
    if (!req.params.empty()) {
      std::string query;
      for (const auto& [k, v] : req.params) query += (query.empty() ? "?" : "&") + k + "=" + v;
      target += query;
    }
    std::lock_guard lock(mutex_);
    seen_.push_back(std::move(target));
    return httplib::Server::HandlerResponse::Unhandled;
  });
  auto html = [&s](const std::string& path, std::string body) {
    s.Get(path, [body = std::move(body)](const Request&, Response& res) { res.set_content(body, kHtml); });
  };

  s.Get("/robots.txt", [this](const Request&, Response& res) {
    std::lock_guard lock(mutex_);
    res.set_content(robots_, "text/plain");
  });
  html("/", page("Fake site home",
                 "<h1>Welcome</h1>\n<p>The <a href=\"/docs/\">documentation</a>, <a href=\"about.html\">about us</a>, "
                 "an <a href=\"http://example.com/\">external site</a>, <a href=\"/image.png\">a picture</a> and "
                 "<a href=\"#top\">this page</a>.</p>"));
  const std::string docs = page(
      "Docs index",
      "<h1>Documentation</h1>\n<ul><li><a href=\"a.html\">Page A</a></li><li><a href=\"b.html#part\">Page B</a></li>"
      "<li><a href=\"sub/c.html\">Sub C</a></li><li><a href=\"private/secret.html\">Secret</a></li>"
      "<li><a href=\"../about.html\">About (outside /docs/)</a></li><li><a href=\"/plain.txt\">text</a></li>"
      "<li><a href=\"a.html\">Page A again</a></li><li><a href=\"mailto:docs@example.com\">mail</a></li></ul>");
  html("/docs/", docs);
  html("/docs/index.html", docs);
  html("/docs/a.html", page("Page A", "<h1>Page A</h1><p>Alpha &amp; omega. <a href=\"b.html\">to B</a></p>"));
  html("/docs/b.html", page("Page B", "<h1>Page B</h1><p id=\"part\">Beta. <a href=\"index.html\">back</a></p>"));
  html("/docs/sub/c.html", page("Sub C", "<h1>Sub C</h1><p>Gamma. <a href=\"deep/d.html\">deeper</a></p>"));
  html("/docs/sub/deep/d.html", page("Deep D", "<h1>Deep D</h1><p>Delta, three links down. <a href=\"e.html\">E</a></p>"));
  html("/docs/sub/deep/e.html", page("Deep E", "<h1>Deep E</h1><p>Epsilon, four links down.</p>"));
  html("/docs/private/secret.html", page("Secret", "<h1>Secret</h1><p>Robots should not read this.</p>"));
  html("/about.html", page("About", "<h1>About</h1><p>A fake site for tests.</p>"));
  html("/long.html", long_page());
  s.Get("/huge.html", [](const Request&, Response& res) { res.set_content(huge_page(), kHtml); });
  s.Get("/plain.txt", [](const Request&, Response& res) {
    res.set_content("Plain text, <b>not</b> HTML.\nSecond line.\n", "text/plain; charset=utf-8");
  });
  s.Get("/notes.md", [](const Request&, Response& res) { res.set_content("# Notes\n\n- one\n- two\n", "text/markdown"); });
  s.Get("/data.json", [](const Request&, Response& res) {
    res.set_content("{\"name\": \"fake\", \"items\": [1, 2, 3]}", "application/json");
  });
  s.Get("/latin1.html", [](const Request&, Response& res) {
    res.set_content(std::string("<title>Caf\xE9</title><p>Caf\xE9 cr\xE8me</p>"), "text/html; charset=ISO-8859-1");
  });
  s.Get("/image.png", [](const Request&, Response& res) {
    const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89", 33);
    res.set_content(png, "image/png");
  });
  s.Get("/report.pdf", [](const Request&, Response& res) { res.set_content("%PDF-1.4\n%\xE2\xE3\n", "application/pdf"); });
  s.Get("/missing.html", [](const Request&, Response& res) {
    res.status = 404;
    res.set_content(page("Not found", "<p>No such page.</p>"), kHtml);
  });
  s.Get("/slow", [this](const Request&, Response& res) {
    std::unique_lock lock(mutex_);
    stop_cv_.wait_for(lock, slow_delay_, [this] { return stopping_; });
    res.set_content(page("Slow", "<p>Finally.</p>"), kHtml);
  });

  auto redirect = [&s](const std::string& from, int status, std::string to) {
    s.Get(from, [status, to = std::move(to)](const Request&, Response& res) {
      res.status = status;
      res.set_header("Location", to);
      res.set_content("<a href=\"" + to + "\">moved</a>", kHtml);
    });
  };
  redirect("/redirect/301", 301, "/docs/a.html");
  redirect("/redirect/chain", 301, "/redirect/chain2");
  redirect("/redirect/chain2", 302, "chain3");
  redirect("/redirect/chain3", 307, "/plain.txt");
  redirect("/redirect/loop", 302, "/redirect/loop2");
  redirect("/redirect/loop2", 302, "/redirect/loop");
  for (int i = 1; i <= 6; ++i) redirect("/redirect/many/" + std::to_string(i), 302, "/redirect/many/" + std::to_string(i + 1));
  redirect("/redirect/many/7", 302, "/plain.txt");
  redirect("/redirect/ftp", 302, "ftp://127.0.0.1/file");
  redirect("/redirect/outside", 302, "/about.html");
  s.Get("/redirect/no-location", [](const Request&, Response& res) { res.status = 302; });
  // /redirect/to?url=U[&status=N]: a redirect anywhere, for the SSRF tests.
  s.Get("/redirect/to", [](const Request& req, Response& res) {
    res.status = req.has_param("status") ? std::stoi(req.get_param_value("status")) : 302;
    res.set_header("Location", req.get_param_value("url"));
  });
}

}  // namespace conhub::test
