#pragma once
// The passes of the PostgreSQL-to-DuckDB rewriter (pg_rewrite.cpp runs them in order). Each reads one
// statement's tokens and records text edits; none looks inside strings or comments.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/pgwire/catalog/pg_sql_tokens.hpp"

namespace duckwire::pgwire::rewrite {

// False when no token of `sql` is one any pass rewrites: one lexer pass, no allocation.
bool may_need_rewriting(std::string_view sql);

// Statement-level forms DuckDB runs as several statements or another statement kind: DROP and
// TRUNCATE of several objects, serial and identity columns, SQL functions.
std::vector<std::string> expand_statement(std::string_view sql);

// Clauses without a DuckDB counterpart or with another spelling: OPERATOR(schema.op), COLLATE
// default, row locks, storage parameters, COPY FREEZE, foreign key actions, VACUUM options, btree,
// and the alias of a scalar set-returning function in FROM (generate_series(...) AS g names its column).
void rewrite_clauses(const SqlTokens& tokens, TextEdits& edits);

// Schema qualifiers (pg_catalog, information_schema, public) and type names in type positions.
void rewrite_names(const SqlTokens& tokens, TextEdits& edits);

// Literals cast to a type whose text PostgreSQL writes otherwise: array text ('{1,2}'::int4[] →
// '[1,2]') and bytea hex ('\x00ff'::bytea → '\x00\xff').
void rewrite_typed_literals(const SqlTokens& tokens, TextEdits& edits);

// PostgreSQL's array text {a,"b c",NULL,{1}} (a quoted literal) as DuckDB's list text: brackets for braces.
std::string list_text(std::string_view literal);

// Casts to PostgreSQL-only types become catalog macro calls; the text of the catalog's int2vector and
// oidvector columns (indkey::text) is PostgreSQL's, the numbers separated by spaces. A cast whose
// operand holds one rewritten in this call waits for the next (x::regclass::oid takes two); false when
// nothing was rewritten.
bool rewrite_casts(const SqlTokens& tokens, TextEdits& edits);

// The regular expression match operators (~ !~ ~* !~*) become regexp_matches, nested ones in later
// calls as above; false when nothing was rewritten.
bool rewrite_regex_matches(const SqlTokens& tokens, TextEdits& edits);

// Scalar set-returning functions in FROM with a table alias alone get it as their column's name too:
// `FROM generate_series(1, 3) s` → `FROM generate_series(1, 3) s(s)`. generate_series of int4
// literals in FROM yields int4: `(SELECT generate_series::INTEGER AS generate_series FROM ...)`, and so does
// one of parameters `declared` (by the client, by number) int2, int4 or not at all.
void rewrite_function_aliases(const SqlTokens& tokens, TextEdits& edits, std::span<const uint32_t> declared);

// Whether tokens [start, end) are a whole output column of the statement's own select list (not of a
// subquery, whose values may be compared or computed with).
bool whole_output_column(const SqlTokens& tokens, size_t start, size_t end);

// An untyped NULL select item with an alias is text, as PostgreSQL types it: `NULL AS c` →
// `NULL::VARCHAR AS c` (not with UNION and the like, where the other branches decide).
void rewrite_untyped_nulls(const SqlTokens& tokens, TextEdits& edits);

// `x = ANY(column)` becomes list_contains(column, x): DuckDB plans ANY over a list as a subquery, which
// it cannot put in the condition of an outer join (SQLAlchemy's index reflection).
void rewrite_any_of_columns(const SqlTokens& tokens, TextEdits& edits);

// The column definitions of CREATE TABLE (name, first token of the type, past the definition) and of
// ALTER TABLE ... ADD [COLUMN].
struct ColumnDefinition {
  size_t name;
  size_t type;
  size_t end;
};
std::vector<ColumnDefinition> column_definitions(const SqlTokens& tokens);

// Where the statement's table element list opens: CREATE TABLE name ( → the `(` (or size()).
size_t table_elements_open(const SqlTokens& tokens);

}  // namespace duckwire::pgwire::rewrite
