// What the fake GitHub knows at start. Tests rely on these facts:
// - octocat/hello-world (public, C): 7 commits on main (3 pages at per_page=3), branches
//   main and dev (README.md differs), issues #1-#4 and pull requests #5-#6, issue #1 has 2 comments.
// - octocat/spoon-knife (public, HTML) and octo-org/private-tools (private, Go): a few files.
#include "seed_data.hpp"

namespace conhub::test::github {

World seed_world() {
  World world;

  Repo hello{.id = 1296269, .owner = "octocat", .name = "hello-world",
             .description = "My first repository on GitHub!", .language = "C", .stars = 80};
  const std::string readme = "# Hello World\n\nHello world from the fake GitHub.\nThis repository says hello.\n";
  const std::string main_c = "#include <stdio.h>\n\nint main(void) {\n  printf(\"hello, world\\n\");\n  return 0;\n}\n";
  hello.files["main"] = {{"README.md", readme},
                         {"src/main.c", main_c},
                         {"src/util/strings.h", "#pragma once\nint greet_len(const char* name);\n"},
                         {"docs/guide.md", "# Guide\n\nRun `make` and then `./hello`.\n"}};
  hello.files["dev"] = {{"README.md", readme + "\nWork in progress on dev.\n"}, {"src/main.c", main_c}};
  hello.commits = {
      {"7fd1a60b01f91b314f59955a4e4d4e80d8edf11d", "Merge pull request #6 from octocat/fix-typo", "octocat", "2024-03-07T10:00:00Z"},
      {"553c2077f0edc3d5dc5d17262f6aa498e69d6f8e", "Fix typo in README", "hubot", "2024-03-06T10:00:00Z"},
      {"762941318ee16e59dabbacb1b4049eec22f0d303", "Add guide", "octocat", "2024-03-05T10:00:00Z"},
      {"b3cbd5bbd7e81436d2eee04537ea2b4c0cad4cdf", "Add string helpers", "monalisa", "2024-03-04T10:00:00Z"},
      {"9fceb02d0ae598e95dc970b74767f19372d61af8", "Print a greeting", "octocat", "2024-03-03T10:00:00Z"},
      {"6dcb09b5b57875f334f61aebed695e2e4193db5e", "Add main.c", "octocat", "2024-03-02T10:00:00Z"},
      {"3a0f86fb8db8eea7ccbb9a95f325ddbedfb25e15", "Initial commit", "octocat", "2024-03-01T10:00:00Z"},
  };
  hello.issues = {
      {.number = 1, .title = "Found a bug", .body = "The greeting crashes on empty names.", .user = "monalisa",
       .labels = {"bug"},
       .comments = {{1001, "octocat", "Thanks, I can reproduce it.", "2024-03-02T12:00:00Z"},
                    {1002, "monalisa", "Crash log attached.", "2024-03-02T13:00:00Z"}},
       .created_at = "2024-03-02T11:00:00Z", .updated_at = "2024-03-02T13:00:00Z"},
      {.number = 2, .title = "Add a French greeting", .body = "Bonjour would be nice.", .user = "hubot",
       .labels = {"enhancement"}, .created_at = "2024-03-03T11:00:00Z", .updated_at = "2024-03-03T11:00:00Z"},
      {.number = 3, .title = "Docs: explain make targets", .body = "The guide should list the make targets.",
       .state = "closed", .user = "octocat", .labels = {"documentation"}, .created_at = "2024-03-04T11:00:00Z",
       .updated_at = "2024-03-05T11:00:00Z"},
      {.number = 4, .title = "Greeting is too quiet", .body = "Print it in capitals?", .user = "monalisa",
       .created_at = "2024-03-05T11:00:00Z", .updated_at = "2024-03-05T11:00:00Z"},
      {.number = 5, .title = "Add string helpers", .body = "Adds greet_len.", .user = "monalisa",
       .created_at = "2024-03-04T09:00:00Z", .updated_at = "2024-03-04T09:30:00Z", .is_pull = true,
       .head = "string-helpers", .base = "main",
       .diff = "diff --git a/src/util/strings.h b/src/util/strings.h\nnew file mode 100644\n--- /dev/null\n"
               "+++ b/src/util/strings.h\n@@ -0,0 +1,2 @@\n+#pragma once\n+int greet_len(const char* name);\n"},
      {.number = 6, .title = "Fix typo in README", .body = "helo -> hello", .state = "closed", .user = "hubot",
       .created_at = "2024-03-06T09:00:00Z", .updated_at = "2024-03-07T10:00:00Z", .is_pull = true,
       .head = "fix-typo", .base = "main",
       .diff = "diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n@@ -3 +3 @@\n"
               "-Helo world from the fake GitHub.\n+Hello world from the fake GitHub.\n",
       .merged = true},
  };
  world.repos.push_back(std::move(hello));

  Repo spoon{.id = 1300192, .owner = "octocat", .name = "spoon-knife",
             .description = "This repo is for demonstration purposes only.", .language = "HTML", .stars = 12000};
  spoon.files["main"] = {{"index.html", "<!DOCTYPE html>\n<title>Spoon-Knife</title>\n<p>Fork me!</p>\n"},
                         {"styles.css", "body { font-family: sans-serif; }\n"}};
  spoon.commits = {{"d0dd1f61b33d64e29d8bc1372a94ef6a2fee76a9", "Pointing to the guide for forking", "octocat",
                    "2024-02-01T10:00:00Z"}};
  world.repos.push_back(std::move(spoon));

  Repo tools{.id = 2400001, .owner = "octo-org", .name = "private-tools", .description = "Internal tooling",
             .language = "Go", .is_private = true, .stars = 3};
  tools.files["main"] = {{"main.go", "package main\n\nfunc main() { println(\"hello from tools\") }\n"}};
  tools.commits = {{"a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", "Initial tools", "octocat", "2024-01-10T10:00:00Z"}};
  world.repos.push_back(std::move(tools));
  return world;
}

}  // namespace conhub::test::github
