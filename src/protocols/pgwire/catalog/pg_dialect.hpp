#pragma once
// PostgreSQL's SQL as DuckDB runs it: the one place where statement text from a PostgreSQL client is
// split and rewritten, and where duckwire's emulated PostgreSQL catalog comes from.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/sql_statements.hpp"

namespace duckwire::pgwire {

// The statements of a Query message (core/sql_statements.hpp).
using core::split_statements;

// One PostgreSQL statement rewritten into the DuckDB statements that do what it does, in order: almost
// always one; several for DROP or TRUNCATE of several objects, for CREATE TABLE with serial or
// identity columns (their sequences first) and for CREATE FUNCTION (a scalar and a table macro). Run them in
// one transaction and report the original's command tag. docs/protocols/pgwire-dialect.md lists every form.
// `declared`: the parameter types the client declared (Parse), by number; types follow from them.
std::vector<std::string> rewrite_statement(std::string_view sql, std::span<const uint32_t> declared = {});

// A statement whose parameters marked in `is_void` (declared void, 2278: pgJDBC's placeholder for an OUT
// parameter, `select * from f($1, $2)`) are dropped from the function calls they are arguments of, as
// PostgreSQL drops them, and whose other parameters are numbered anew ($2 → $1). Empty when a void
// parameter stands anywhere else (the statement is then left for DuckDB as it is).
std::optional<std::string> drop_void_parameters(std::string_view sql, const std::vector<bool>& is_void);

// The emulated catalog and the session setup: protocols/pgwire/catalog/catalog_setup.hpp.

}  // namespace duckwire::pgwire
