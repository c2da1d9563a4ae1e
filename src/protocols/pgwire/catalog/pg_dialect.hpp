#pragma once
// PostgreSQL's SQL as DuckDB runs it: the one place where statement text from a PostgreSQL client is
// split and rewritten, and where duckwire's emulated PostgreSQL catalog comes from.

#include <string>
#include <string_view>
#include <vector>

namespace duckwire::pgwire {

// The statements of a Query message, in order, split on semicolons outside quotes, dollar quotes and
// comments; statements that hold nothing but whitespace and comments are dropped.
std::vector<std::string> split_statements(std::string_view sql);

// One PostgreSQL statement rewritten into the DuckDB statements that do what it does, in order: almost
// always one; several for DROP or TRUNCATE of several objects and for CREATE TABLE with serial or
// identity columns (their sequences first). Run them in one transaction and report the original's
// command tag. docs/protocols/pgwire-dialect.md lists every form.
std::vector<std::string> rewrite_statement(std::string_view sql);

// SQL run once with full rights while the backend opens: builds the emulated catalog.
std::vector<std::string> catalog_setup_statements();

// SQL run on each new PostgreSQL session before its first statement (session TimeZone, search path).
std::vector<std::string> session_setup_statements();

}  // namespace duckwire::pgwire
