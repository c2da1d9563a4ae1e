#include "backend/duckdb/statement_cache.hpp"

namespace duckwire::duckdb {

duckdb_prepared_statement StatementCache::find(std::string_view sql) {
  const auto found = index_.find(sql);
  if (found == index_.end()) return nullptr;
  entries_.splice(entries_.begin(), entries_, found->second);
  return found->second->second.get();
}

duckdb_prepared_statement StatementCache::keep(std::string_view sql, Prepared statement) {
  if (sql.size() > kMaxSqlBytes) {
    uncached_ = std::move(statement);
    return uncached_.get();
  }
  if (entries_.size() >= kCapacity) {
    index_.erase(entries_.back().first);
    entries_.pop_back();
  }
  entries_.emplace_front(std::string(sql), std::move(statement));
  index_[entries_.front().first] = entries_.begin();
  return entries_.front().second.get();
}

void StatementCache::clear() {
  index_.clear();
  entries_.clear();
}

}  // namespace duckwire::duckdb
