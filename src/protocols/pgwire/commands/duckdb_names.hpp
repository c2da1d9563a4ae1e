#pragma once
// PostgreSQL names as DuckDB spells them: `public` is DuckDB's main schema, `pg_catalog` and
// `information_schema` are duckwire's catalog, and names go into SQL text quoted.

#include <string>
#include <string_view>
#include <vector>

namespace duckwire::pgwire::commands {

// The DuckDB search_path for a PostgreSQL one ('"$user", public, sales' → 'main,sales,...'): "$user"
// and schemas DuckDB does not have (`existing` lists DuckDB's) are left out, as DuckDB refuses a path
// naming a missing schema where PostgreSQL skips it; duckwire's pg_catalog always ends the path.
std::string duckdb_search_path(std::string_view search_path, const std::vector<std::string>& existing);

// The DuckDB name parts of a table a PostgreSQL client names (schema.table or table).
std::vector<std::string> duckdb_table_name(const std::vector<std::string>& parts);

// `name` as a double-quoted SQL identifier; parts joined with dots.
std::string quoted_identifier(std::string_view name);
std::string quoted_name(const std::vector<std::string>& parts);
// `text` as an SQL string literal.
std::string sql_literal(std::string_view text);

}  // namespace duckwire::pgwire::commands
