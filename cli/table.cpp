#include "table.hpp"

#include <algorithm>

namespace conhub::cli {

void print_table(std::FILE* out, const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width(headers.size());
  auto cell = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
  for (std::size_t i = 0; i < headers.size(); ++i) width[i] = headers[i].size();
  for (const auto& row : rows)
    for (std::size_t i = 0; i < row.size() && i < width.size(); ++i) width[i] = std::max(width[i], cell(row[i]).size());
  auto line = [&](const std::vector<std::string>& cells, bool header) {
    std::string text;
    for (std::size_t i = 0; i < width.size(); ++i) {
      std::string c = i < cells.size() ? (header ? cells[i] : cell(cells[i])) : std::string("-");
      if (i + 1 < width.size()) c.resize(width[i] + 2, ' ');
      text += c;
    }
    std::fprintf(out, "%s\n", text.c_str());
  };
  line(headers, true);
  for (const auto& row : rows) line(row, false);
}

}  // namespace conhub::cli
