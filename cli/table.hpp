// Plain-text tables for the human-readable output of the listing commands (`--json` is
// for scripts). Columns are padded to their widest cell; empty cells print "-".
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace conhub::cli {

void print_table(std::FILE* out, const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows);

}  // namespace conhub::cli
