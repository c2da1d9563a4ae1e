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

// One PostgreSQL statement rewritten into SQL DuckDB parses with PostgreSQL's meaning.
std::string rewrite_statement(std::string_view sql);

// The emulated catalog and the session setup: protocols/pgwire/catalog/catalog_setup.hpp.

}  // namespace duckwire::pgwire
