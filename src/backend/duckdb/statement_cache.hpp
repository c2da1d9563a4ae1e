#pragma once
// A session's prepared single statements by SQL text, so that repeated ad-hoc SQL (dashboards ask the
// same queries again and again) skips DuckDB's parser and planner. Least recently used out first.

#include <list>
#include <string>
#include <string_view>
#include <unordered_map>

#include "backend/duckdb/handles.hpp"

namespace duckwire::duckdb {

class StatementCache {
 public:
  static constexpr size_t kCapacity = 64;
  static constexpr size_t kMaxSqlBytes = 4096;  // longer SQL is rarely repeated verbatim

  // Null when the SQL is not cached.
  duckdb_prepared_statement find(std::string_view sql);
  // Keeps `statement` (when the SQL is short enough) and returns it.
  duckdb_prepared_statement keep(std::string_view sql, Prepared statement);
  // Forgets every statement: DuckDB binds variables and settings into a plan as constants, so a SET
  // makes the kept plans stale.
  void clear();

 private:
  using Entry = std::pair<std::string, Prepared>;
  std::list<Entry> entries_;  // most recently used first
  std::unordered_map<std::string_view, std::list<Entry>::iterator> index_;
  Prepared uncached_;  // a statement too long to keep, alive until the next one
};

}  // namespace duckwire::duckdb
