// The fake GitHub's in-memory world: users, repositories with files per ref, commits,
// issues and pull requests (one number space, as on GitHub) with comments. seed_world()
// in seed_data.cpp is the one place that says what the fake starts with.
// Thread-safety: plain values; FakeGitHub guards its copy with its own mutex.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace conhub::test::github {

struct FileEntry {
  std::string path;  // "src/main.c", no leading slash
  std::string content;
};

struct Commit {
  std::string sha;
  std::string message;
  std::string author;  // login
  std::string date;    // ISO 8601, UTC
};

struct Comment {
  long long id = 0;
  std::string user;
  std::string body;
  std::string created_at;
};

struct Issue {
  int number = 0;
  std::string title;
  std::string body;
  std::string state = "open";  // open | closed
  std::string user;
  std::vector<std::string> labels;
  std::vector<Comment> comments;
  std::string created_at;
  std::string updated_at;
  // A pull request is an issue with these set (GitHub lists PRs under /issues too).
  bool is_pull = false;
  std::string head;  // branch name
  std::string base;
  std::string diff;
  bool merged = false;
};

struct Repo {
  long long id = 0;
  std::string owner;
  std::string name;
  std::string description;
  std::string language;
  std::string default_branch = "main";
  bool is_private = false;
  int stars = 0;
  std::map<std::string, std::vector<FileEntry>> files;  // ref (branch) -> files
  std::vector<Commit> commits;                          // newest first
  std::vector<Issue> issues;                            // ascending number

  std::string full_name() const { return owner + "/" + name; }
};

struct World {
  std::vector<Repo> repos;
  long long next_id = 9000;  // ids for created issues and comments
};

World seed_world();

}  // namespace conhub::test::github
