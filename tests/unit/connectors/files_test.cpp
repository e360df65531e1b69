// The files connector: path confinement (.., absolute paths, symlinks), globbing, and its
// tools and resource template driven through an in-process MCP session on temp directories.
#include "providers/files.hpp"

#include <fstream>
#include <random>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <ctime>

#include <gtest/gtest.h>

#include "support/memory_client.hpp"

namespace conhub::connectors {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("conhub-files-test-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path_);
    path_ = fs::canonical(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  fs::path write(const std::string& rel, const std::string& text) const {
    const auto p = path_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

 private:
  fs::path path_;
};

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

struct FilesFixture : ::testing::Test {
  TempDir outside;
  TempDir root_dir;
  fs::path root = root_dir.path();

  FileRoots roots() const { return std::get<FileRoots>(FileRoots::make({root.string()})); }
  bool refused(std::string_view input) const { return std::holds_alternative<std::string>(roots().resolve(input)); }
};

TEST_F(FilesFixture, ResolvesRelativeAndAbsolutePathsUnderTheRoot) {
  root_dir.write("a/b.txt", "x");
  auto r = roots().resolve("a/b.txt");
  ASSERT_TRUE(std::holds_alternative<fs::path>(r));
  EXPECT_EQ(std::get<fs::path>(r), root / "a/b.txt");
  EXPECT_FALSE(refused((root / "a/b.txt").string()));
  EXPECT_FALSE(refused(""));
  EXPECT_FALSE(refused("not/yet/there.txt"));
}

TEST_F(FilesFixture, RefusesDotDotEvenWhenItWouldStayInside) {
  root_dir.write("a/b.txt", "x");
  EXPECT_TRUE(refused("../etc/passwd"));
  EXPECT_TRUE(refused("a/../a/b.txt"));
  EXPECT_TRUE(refused((root / "a/../../x").string()));
}

TEST_F(FilesFixture, RefusesAbsolutePathsOutsideAndSiblingPrefixes) {
  EXPECT_TRUE(refused("/etc/passwd"));
  EXPECT_TRUE(refused(outside.path().string()));
  // "/tmp/root-evil" shares the string prefix "/tmp/root" but not the path boundary.
  fs::create_directories(root.string() + "-evil");
  EXPECT_TRUE(refused(root.string() + "-evil/x"));
  fs::remove_all(root.string() + "-evil");
}

TEST_F(FilesFixture, RefusesSymlinksThatEscapeAndAllowsThoseThatStayInside) {
  outside.write("secret.txt", "s3cret");
  root_dir.write("inside.txt", "ok");
  fs::create_symlink(outside.path() / "secret.txt", root / "link_out");
  fs::create_directory_symlink(outside.path(), root / "dir_out");
  fs::create_symlink(root / "inside.txt", root / "link_in");
  EXPECT_TRUE(refused("link_out"));
  EXPECT_TRUE(refused("dir_out/secret.txt"));
  auto msg = std::get<std::string>(roots().resolve("dir_out/secret.txt"));
  EXPECT_NE(msg.find("symbolic link"), std::string::npos) << msg;
  EXPECT_FALSE(refused("link_in"));
}

TEST_F(FilesFixture, WritesRefuseDanglingSymlinksThatWouldLandOutside) {
  fs::create_symlink(outside.path() / "new.txt", root / "dangling");
  EXPECT_TRUE(std::holds_alternative<std::string>(roots().resolve_for_write("dangling")));
  fs::create_directory_symlink(outside.path() / "nodir", root / "dangling_dir");
  EXPECT_TRUE(std::holds_alternative<std::string>(roots().resolve_for_write("dangling_dir/x.txt")));
  EXPECT_FALSE(std::holds_alternative<std::string>(roots().resolve_for_write("fresh/new.txt")));
}

TEST_F(FilesFixture, RootsMustExistAndBeDirectories) {
  EXPECT_TRUE(std::holds_alternative<std::string>(FileRoots::make({})));
  EXPECT_TRUE(std::holds_alternative<std::string>(FileRoots::make({(root / "missing").string()})));
  auto file = root_dir.write("f.txt", "x");
  EXPECT_TRUE(std::holds_alternative<std::string>(FileRoots::make({file.string()})));
}

TEST(GlobMatch, StarsQuestionMarksClassesAndDoubleStar) {
  EXPECT_TRUE(glob_match("*.md", "README.md"));
  EXPECT_FALSE(glob_match("*.md", "docs/README.md"));
  EXPECT_TRUE(glob_match("**/*.md", "docs/README.md"));
  EXPECT_TRUE(glob_match("**/*.md", "README.md"));
  EXPECT_TRUE(glob_match("src/**/*.cpp", "src/a/b/c.cpp"));
  EXPECT_TRUE(glob_match("src/**/*.cpp", "src/c.cpp"));
  EXPECT_FALSE(glob_match("src/*.cpp", "src/a/c.cpp"));
  EXPECT_TRUE(glob_match("file?.txt", "file1.txt"));
  EXPECT_FALSE(glob_match("file?.txt", "file10.txt"));
  EXPECT_TRUE(glob_match("[a-c]x", "bx"));
  EXPECT_FALSE(glob_match("[!a-c]x", "bx"));
  EXPECT_TRUE(glob_match("a[", "a["));
  EXPECT_FALSE(glob_match(std::string(40, '*') + "a" + std::string(40, '*') + "b", std::string(200, 'a')));
}

TEST(Base64, EncodesWithPadding) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode(std::string("\0\xff", 2)), "AP8=");
}

// ---- tools through an MCP session

struct FilesServer : FilesFixture {
  mcp::Server server{{.name = "t", .version = "1"}};
  std::unique_ptr<Connector> connector;

  void start(bool writes, FilesLimits limits = {}) {
    connector = std::make_unique<FilesConnector>(
        ConnectorContext{.connection = {.id = 1, .provider = "files", .name = "default"}}, roots(), writes, limits);
    connector->declare(server, ToolNamer("files", "default", false));
  }
  json call(test::MemoryClient& c, const std::string& tool, json args) {
    return c.request("tools/call", {{"name", tool}, {"arguments", std::move(args)}})["result"];
  }
};

std::vector<std::string> tool_names(test::MemoryClient& c) {
  std::vector<std::string> out;
  const auto listed = c.request("tools/list");  // kept alive: range-for over a temporary's member dangles
  for (const auto& t : listed["result"]["tools"]) out.push_back(t["name"]);
  return out;
}

TEST_F(FilesServer, ReadOnlyConnectionsListNoWriteToolsAndAnnotateReadOnly) {
  start(false);
  test::MemoryClient c(server);
  c.initialize();
  auto tools = c.request("tools/list")["result"]["tools"];
  std::vector<std::string> names;
  for (const auto& t : tools) {
    names.push_back(t["name"]);
    EXPECT_EQ(t["annotations"]["readOnlyHint"], true) << t["name"];
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"files_find", "files_list_directory", "files_read_binary", "files_read_text",
                                             "files_search", "files_stat"}));
}

TEST_F(FilesServer, WritableConnectionsAddCreateEditMoveMarkedDestructive) {
  start(true);
  test::MemoryClient c(server);
  c.initialize();
  int writes = 0;
  const auto listed = c.request("tools/list");
  for (const auto& t : listed["result"]["tools"]) {
    if (t["annotations"]["readOnlyHint"] == false) {
      ++writes;
      EXPECT_EQ(t["annotations"]["destructiveHint"], true);
    }
  }
  EXPECT_EQ(writes, 3);
}

TEST_F(FilesServer, ListsReadsRangesStatsFindsAndSearches) {
  root_dir.write("notes/a.md", "alpha\nbeta\ngamma\ndelta\n");
  root_dir.write("notes/deep/b.md", "needle here\n");
  root_dir.write("code/x.cpp", "int main() { return 0; }\n");
  start(false);
  test::MemoryClient c(server);
  c.initialize();

  auto list = call(c, "files_list_directory", {{"path", "notes"}});
  ASSERT_FALSE(list.value("isError", false)) << list.dump();
  EXPECT_EQ(list["structuredContent"]["files"][0], "a.md");
  EXPECT_EQ(list["structuredContent"]["directories"].size(), 1u);

  auto whole = call(c, "files_read_text", {{"path", "notes/a.md"}});
  EXPECT_EQ(whole["content"][0]["text"], "alpha\nbeta\ngamma\ndelta\n");
  auto range = call(c, "files_read_text", {{"path", (root / "notes/a.md").string()}, {"start_line", 2}, {"end_line", 3}});
  EXPECT_EQ(range["content"][0]["text"], "beta\ngamma\n");

  auto stat = call(c, "files_stat", {{"path", "notes/a.md"}});
  EXPECT_EQ(stat["structuredContent"]["type"], "file");
  EXPECT_EQ(stat["structuredContent"]["size"], 23);

  auto found = call(c, "files_find", {{"pattern", "*.md"}});
  EXPECT_EQ(found["structuredContent"]["matches"].size(), 2u);
  auto found_path = call(c, "files_find", {{"pattern", "code/*.cpp"}});
  ASSERT_EQ(found_path["structuredContent"]["matches"].size(), 1u);

  auto hits = call(c, "files_search", {{"pattern", "NEEDLE"}, {"case_sensitive", false}, {"glob", "*.md"}});
  ASSERT_EQ(hits["structuredContent"]["matches"].size(), 1u);
  EXPECT_EQ(hits["structuredContent"]["matches"][0]["line"], 1);
  auto bad = call(c, "files_search", {{"pattern", "("}});
  EXPECT_TRUE(bad.value("isError", false));
}

TEST_F(FilesServer, SearchStopsAtMaxResults) {
  std::string many;
  for (int i = 0; i < 50; ++i) many += "hit\n";
  root_dir.write("many.txt", many);
  start(false);
  test::MemoryClient c(server);
  c.initialize();
  auto hits = call(c, "files_search", {{"pattern", "hit"}, {"max_results", 5}});
  EXPECT_EQ(hits["structuredContent"]["matches"].size(), 5u);
  EXPECT_EQ(hits["structuredContent"]["truncated"], true);
}

TEST_F(FilesServer, EscapesAreToolErrorsThatNameTheRoots) {
  outside.write("secret.txt", "s3cret");
  fs::create_symlink(outside.path() / "secret.txt", root / "link_out");
  start(false);
  test::MemoryClient c(server);
  c.initialize();
  for (const json& path : {json("../secret.txt"), json((outside.path() / "secret.txt").string()), json("link_out")}) {
    auto r = call(c, "files_read_text", {{"path", path}});
    EXPECT_TRUE(r.value("isError", false)) << path;
    const std::string text = r["content"][0]["text"];
    EXPECT_EQ(text.find("s3cret"), std::string::npos);
    EXPECT_NE(text.find(root.string()), std::string::npos) << text;
  }
  auto res = c.request("resources/read", {{"uri", "file://" + (outside.path() / "secret.txt").string()}});
  EXPECT_TRUE(res.contains("error")) << res.dump();
}

TEST_F(FilesServer, ReadTextEnforcesTheSizeLimitAndRefusesBinary) {
  root_dir.write("big.txt", std::string(100, 'a') + "\n" + std::string(100, 'b') + "\n");
  root_dir.write("bin.dat", std::string("\x01\x00\x02", 3));
  start(false, FilesLimits{.max_read_bytes = 150});
  test::MemoryClient c(server);
  c.initialize();
  auto big = call(c, "files_read_text", {{"path", "big.txt"}});
  EXPECT_TRUE(big.value("isError", false));
  auto part = call(c, "files_read_text", {{"path", "big.txt"}, {"start_line", 2}});
  EXPECT_EQ(part["content"][0]["text"], std::string(100, 'b') + "\n");
  auto bin = call(c, "files_read_text", {{"path", "bin.dat"}});
  EXPECT_TRUE(bin.value("isError", false));
  auto blob = call(c, "files_read_binary", {{"path", "bin.dat"}});
  ASSERT_FALSE(blob.value("isError", false)) << blob.dump();
  EXPECT_EQ(blob["content"][0]["type"], "resource");
  EXPECT_EQ(blob["content"][0]["resource"]["blob"], "AQAC");
}

TEST_F(FilesServer, ResourceTemplateReadsFilesUnderTheRoots) {
  root_dir.write("doc with space.md", "# hi\n");
  start(false);
  test::MemoryClient c(server);
  c.initialize();
  auto templates = c.request("resources/templates/list")["result"]["resourceTemplates"];
  ASSERT_EQ(templates.size(), 1u);
  EXPECT_EQ(templates[0]["uriTemplate"], "file:///{+path}");
  auto stat = call(c, "files_stat", {{"path", "doc with space.md"}});
  const std::string uri = stat["structuredContent"]["uri"];
  auto read = c.request("resources/read", {{"uri", uri}});
  ASSERT_TRUE(read.contains("result")) << read.dump();
  EXPECT_EQ(read["result"]["contents"][0]["text"], "# hi\n");
}

TEST_F(FilesServer, CreateEditMoveStayInsideAndRefuseOverwrites) {
  start(true);
  test::MemoryClient c(server);
  c.initialize();
  auto created = call(c, "files_create", {{"path", "new/dir/f.txt"}, {"content", "one two two"}});
  ASSERT_FALSE(created.value("isError", false)) << created.dump();
  EXPECT_EQ(read_all(root / "new/dir/f.txt"), "one two two");
  EXPECT_TRUE(call(c, "files_create", {{"path", "new/dir/f.txt"}, {"content", "x"}}).value("isError", false));
  EXPECT_TRUE(call(c, "files_create", {{"path", (outside.path() / "x.txt").string()}, {"content", "x"}}).value("isError", false));
  EXPECT_FALSE(fs::exists(outside.path() / "x.txt"));

  EXPECT_TRUE(call(c, "files_edit", {{"path", "new/dir/f.txt"}, {"old_text", "two"}, {"new_text", "2"}}).value("isError", false));
  auto edited = call(c, "files_edit", {{"path", "new/dir/f.txt"}, {"old_text", "two"}, {"new_text", "2"}, {"replace_all", true}});
  ASSERT_FALSE(edited.value("isError", false)) << edited.dump();
  EXPECT_EQ(read_all(root / "new/dir/f.txt"), "one 2 2");

  auto moved = call(c, "files_move", {{"source", "new/dir/f.txt"}, {"destination", "g.txt"}});
  ASSERT_FALSE(moved.value("isError", false)) << moved.dump();
  EXPECT_TRUE(fs::exists(root / "g.txt"));
  EXPECT_TRUE(call(c, "files_move", {{"source", "g.txt"}, {"destination", (outside.path() / "g.txt").string()}}).value("isError", false));
  EXPECT_FALSE(fs::exists(outside.path() / "g.txt"));
}

TEST_F(FilesServer, RemoveTakesTheToolsAwayAndNotifies) {
  start(false);
  test::MemoryClient c(server);
  c.initialize();
  EXPECT_EQ(tool_names(c).size(), 6u);
  connector->remove();
  EXPECT_TRUE(c.notification("notifications/tools/list_changed").has_value());
  EXPECT_TRUE(tool_names(c).empty());
}

TEST_F(FilesServer, QualifiedNamesAndTemplateForASecondConnection) {
  auto a = std::make_unique<FilesConnector>(ConnectorContext{.connection = {.id = 1, .provider = "files", .name = "a"}}, roots(), false);
  auto b = std::make_unique<FilesConnector>(ConnectorContext{.connection = {.id = 2, .provider = "files", .name = "b.c"}}, roots(), false);
  a->declare(server, ToolNamer("files", "a", true));
  b->declare(server, ToolNamer("files", "b.c", true));
  test::MemoryClient c(server);
  c.initialize();
  auto names = tool_names(c);
  EXPECT_NE(std::find(names.begin(), names.end(), "files_a_read_text"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "files_b_c_read_text"), names.end());
  EXPECT_EQ(names.size(), 12u);
}

}  // namespace
}  // namespace conhub::connectors

namespace conhub::connectors {
namespace {

using namespace std::chrono_literals;

// FileWatcher driven by hand (an interval of an hour, poll() called by the test), so every
// step is deterministic: the first poll records, later polls report changes once.
struct WatcherTest : FilesFixture {
  mcp::Server server{{.name = "t", .version = "1"}};
  std::vector<std::string> resolved;  // every URI the watcher asked about
  FileWatcher watcher{server.resource_updates(),
                      [this](const std::string& uri) -> std::optional<fs::path> {
                        resolved.push_back(uri);
                        if (!uri.starts_with("file:///")) return std::nullopt;
                        auto r = roots().resolve(uri.substr(7));
                        if (auto* p = std::get_if<fs::path>(&r)) return *p;
                        return std::nullopt;
                      },
                      std::chrono::hours(1)};
  std::string uri_of(const std::string& rel) const { return "file://" + (root / rel).string(); }
};

TEST_F(WatcherTest, ReportsChangesDeletionAndRecreationOfSubscribedFilesOnce) {
  root_dir.write("watched.txt", "one");
  root_dir.write("other.txt", "x");
  test::MemoryClient c(server);
  c.initialize();
  c.request("resources/subscribe", {{"uri", uri_of("watched.txt")}});
  watcher.poll();  // the baseline
  root_dir.write("other.txt", "changed, but nobody subscribed");
  watcher.poll();
  EXPECT_FALSE(c.notification("notifications/resources/updated", 50ms));

  root_dir.write("watched.txt", "one two");
  watcher.poll();
  auto n = c.notification("notifications/resources/updated");
  ASSERT_TRUE(n);
  EXPECT_EQ((*n)["params"]["uri"], uri_of("watched.txt"));
  watcher.poll();
  EXPECT_FALSE(c.notification("notifications/resources/updated", 50ms)) << "one change, one notification";

  fs::remove(root / "watched.txt");
  watcher.poll();
  EXPECT_TRUE(c.notification("notifications/resources/updated"));
  root_dir.write("watched.txt", "back");
  watcher.poll();
  EXPECT_TRUE(c.notification("notifications/resources/updated"));

  c.request("resources/unsubscribe", {{"uri", uri_of("watched.txt")}});
  watcher.poll();
  root_dir.write("watched.txt", "after unsubscribe");
  watcher.poll();
  EXPECT_FALSE(c.notification("notifications/resources/updated", 50ms));
}

TEST_F(WatcherTest, NeverWatchesUrisOutsideTheRootsOrOfOtherConnectors) {
  const auto secret = outside.write("secret.txt", "s");
  test::MemoryClient c(server);
  c.initialize();
  c.request("resources/subscribe", {{"uri", "file://" + secret.string()}});
  c.request("resources/subscribe", {{"uri", "github://octocat/hello-world/README.md"}});
  watcher.poll();
  outside.write("secret.txt", "changed");
  watcher.poll();
  EXPECT_FALSE(c.notification("notifications/resources/updated", 50ms));
  EXPECT_EQ(resolved.size(), 4u) << "both URIs are asked about, twice, and refused";
}

TEST_F(FilesServer, ListingIsALineListingWithStructuredEntriesAndSizesOnRequest) {
  root_dir.write("b.txt", "12345");
  root_dir.write("a/inner.txt", "x");
  fs::create_symlink(root / "b.txt", root / "c-link");
  start(false);
  test::MemoryClient c(server);
  c.initialize();
  auto plain = call(c, "files_list_directory", {});
  ASSERT_FALSE(plain.value("isError", false)) << plain.dump();
  EXPECT_EQ(plain["content"][0]["text"], "a/\nb.txt\nc-link@\n");
  auto expected = json::parse(R"({"directories":["a"],"files":["b.txt"],"links":["c-link"],"other":[],"truncated":false})");
  expected["path"] = root.string();
  EXPECT_EQ(plain["structuredContent"], expected);
  auto sized = call(c, "files_list_directory", {{"sizes", true}});
  EXPECT_EQ(sized["content"][0]["text"], "a/\nb.txt  5\nc-link@\n");
  EXPECT_EQ(sized["structuredContent"]["sizes"], json({{"b.txt", 5}})) << "a link's size is not its target's";
  EXPECT_TRUE(call(c, "files_list_directory", {{"path", "b.txt"}}).value("isError", false));
}

struct stat stat_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0);
  return st;
}

/// A directory is cached only once it has been quiet for a second (see ListingCache).
void wait_until_quiet() { std::this_thread::sleep_for(std::chrono::milliseconds(1100)); }

TEST_F(FilesFixture, ListingCacheKeepsQuietDirectoriesAndDropsChangedOrRacyOnes) {
  ListingCache cache;
  const std::vector<OpenFile::Entry> entries{{.name = "a", .type = fs::file_type::regular}};
  root_dir.write("d/a", "x");
  cache.store(stat_of(root / "d"), entries);
  EXPECT_FALSE(cache.find(stat_of(root / "d"))) << "changed just now: the next change may keep the same mtime";
  wait_until_quiet();
  cache.store(stat_of(root / "d"), entries);
  ASSERT_TRUE(cache.find(stat_of(root / "d")));
  EXPECT_EQ(cache.find(stat_of(root / "d"))->front().name, "a");
  root_dir.write("d/b", "y");
  EXPECT_FALSE(cache.find(stat_of(root / "d"))) << "a new entry changes the directory's mtime and ctime";
  const struct stat before = stat_of(root / "d");
  const struct timespec same[2] = {before.st_atim, before.st_mtim};
  fs::remove(root / "d/b");
  ASSERT_EQ(::utimensat(AT_FDCWD, (root / "d").c_str(), same, 0), 0);  // mtime forged back: ctime still moves
  EXPECT_FALSE(cache.find(stat_of(root / "d")));
}

TEST_F(FilesServer, RepeatedListingsSeeEveryChange) {
  root_dir.write("d/one.txt", "1");
  start(false);
  test::MemoryClient c(server);
  c.initialize();
  wait_until_quiet();
  EXPECT_EQ(call(c, "files_list_directory", {{"path", "d"}})["content"][0]["text"], "one.txt\n");
  EXPECT_EQ(call(c, "files_list_directory", {{"path", "d"}})["content"][0]["text"], "one.txt\n");  // from the cache
  root_dir.write("d/two.txt", "2");
  EXPECT_EQ(call(c, "files_list_directory", {{"path", "d"}})["content"][0]["text"], "one.txt\ntwo.txt\n");
  fs::remove(root / "d/one.txt");
  fs::create_directory(root / "d/one.txt");
  EXPECT_EQ(call(c, "files_list_directory", {{"path", "d"}})["content"][0]["text"], "one.txt/\ntwo.txt\n");
  EXPECT_EQ(call(c, "files_list_directory", {{"path", "d"}, {"sizes", true}})["content"][0]["text"], "one.txt/\ntwo.txt  1\n");
}

TEST_F(FilesServer, AFifoOrDeviceIsRefusedWithoutBlocking) {
  ASSERT_EQ(::mkfifo((root / "pipe").c_str(), 0600), 0);
  start(false);
  test::MemoryClient c(server);
  c.initialize();
  for (const char* tool : {"files_read_text", "files_read_binary"}) {
    auto r = call(c, tool, {{"path", "pipe"}});  // an open for reading would block forever without O_NONBLOCK
    ASSERT_TRUE(r.value("isError", false)) << r.dump();
    EXPECT_NE(r["content"][0]["text"].get<std::string>().find("FIFO"), std::string::npos);
  }
  auto dev = call(c, "files_read_text", {{"path", "/dev/zero"}});
  EXPECT_TRUE(dev.value("isError", false)) << "outside the roots anyway";
}

TEST_F(FilesServer, AReadFollowsLinksInsideTheRootsAndRefusesOnesLeavingThem) {
  root_dir.write("real.txt", "inside");
  outside.write("secret.txt", "OUTSIDE");
  fs::create_symlink(root / "real.txt", root / "alias.txt");
  fs::create_directories(root / "sub");
  fs::create_symlink(outside.path(), root / "sub" / "out");
  start(false);
  test::MemoryClient c(server);
  c.initialize();
  EXPECT_EQ(call(c, "files_read_text", {{"path", "alias.txt"}})["content"][0]["text"], "inside");
  for (const char* tool : {"files_read_text", "files_read_binary", "files_list_directory"}) {
    auto r = call(c, tool, {{"path", std::string(tool) == "files_list_directory" ? "sub/out" : "sub/out/secret.txt"}});
    ASSERT_TRUE(r.value("isError", false)) << tool;
    EXPECT_EQ(r.dump().find("OUTSIDE"), std::string::npos);
    EXPECT_EQ(r.dump().find("secret.txt\\n"), std::string::npos);
  }
}

TEST_F(FilesServer, SubscribedFileResourcesNotifyWhenTheFileChanges) {
  const auto file = root_dir.write("notes/today.md", "draft");
  start(false, FilesLimits{.watch_interval = 20ms});
  test::MemoryClient c(server);
  c.initialize();
  auto stat = call(c, "files_stat", {{"path", "notes/today.md"}});
  const std::string uri = stat["structuredContent"]["uri"];
  ASSERT_TRUE(c.request("resources/subscribe", {{"uri", uri}}).contains("result"));
  // The watcher's first poll after the subscription only records the file, so on a slow
  // machine the first write may land before it: keep writing until a notification comes.
  std::optional<json> n;
  std::string text = "final text";
  for (int i = 0; i < 50 && !n; ++i) {
    text += "!";
    root_dir.write("notes/today.md", text);
    n = c.notification("notifications/resources/updated", 100ms);
  }
  ASSERT_TRUE(n);
  EXPECT_EQ((*n)["params"]["uri"], uri);
  EXPECT_EQ(c.request("resources/read", {{"uri", uri}})["result"]["contents"][0]["text"], text);
}

}  // namespace
}  // namespace conhub::connectors
