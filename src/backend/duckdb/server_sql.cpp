#include "backend/duckdb/server_sql.hpp"

#include "backend/duckdb/error_kind.hpp"
#include "backend/duckdb/handles.hpp"
#include "util/sql_literal.hpp"

namespace duckwire::duckdb {

std::string sql_list(const std::vector<std::string>& texts) {
  std::string list;
  for (const std::string& text : texts) list += (list.empty() ? "" : ", ") + sql_literal(text);
  return "[" + list + "]";
}

Result<void> run_statement(duckdb_connection connection, const std::string& sql) {
  QueryResult result;
  if (duckdb_query(connection, sql.c_str(), result.out()) == DuckDBError) {
    return make_error(duckdb_result_error_type(result.get()), duckdb_result_error(result.get()));
  }
  return {};
}

}  // namespace duckwire::duckdb
