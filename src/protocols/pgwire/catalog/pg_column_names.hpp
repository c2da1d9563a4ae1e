#pragma once
// The result column names PostgreSQL gives a statement, for RowDescription: unquoted aliases folded to
// lower case, and unaliased expressions named by PostgreSQL's rules (FigureColname: a column's last
// name, a function's name, a cast's type, "case", "?column?", ...) where DuckDB names them after
// their text.

#include <string>
#include <string_view>
#include <vector>

namespace duckwire::pgwire {

// The names to send for the result of `sql` (the client's text, before rewriting), given the names
// the engine reported. A column keeps the engine's name where the statement does not say (a star's
// columns, text this reading does not follow); all keep it unless `sql` is a query (or DML with
// RETURNING) whose select list matches the engine's columns.
std::vector<std::string> pg_column_names(std::string_view sql, const std::vector<std::string>& engine_names);

}  // namespace duckwire::pgwire
