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
// always one; several for DROP or TRUNCATE of several objects, for CREATE TABLE with serial or
// identity columns (their sequences first) and for CREATE FUNCTION (a scalar and a table macro). Run them in
// one transaction and report the original's command tag. docs/protocols/pgwire-dialect.md lists every form.
std::vector<std::string> rewrite_statement(std::string_view sql);

// The emulated catalog and the session setup: protocols/pgwire/catalog/catalog_setup.hpp.

}  // namespace duckwire::pgwire
