// The compiled-in schema migrations, in order: migrations()[i] takes the schema from
// version i to i + 1 (PRAGMA user_version). Generated from store/migrations/*.sql.
#pragma once

#include <vector>

namespace conhub::store::detail {

struct Migration {
  const char* file;
  const char* sql;
};

const std::vector<Migration>& migrations();

}  // namespace conhub::store::detail
