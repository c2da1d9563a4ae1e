#pragma once
// What SQL a client may run: nothing that changes the server for other clients (logging, profiling,
// the parser, checkpoints, attached databases, extensions, secrets) or writes outside the sandbox,
// and, on a read-only server, nothing that writes a file or a table. Refusals are
// ErrorKind::kPermission errors naming what is refused and why.
//
// DuckDB's lock_configuration covers SET but not the table functions and pragmas that change the
// same state, and no setting disables them, so the text is checked before DuckDB parses it. The
// check is lexical and conservative: a refused name (also quoted or qualified) refuses the text, SQL
// given to query() as one string literal is checked in turn, and as anything else is refused. Other
// strings and comments are data: values such as 'checkpoint' pass.
// After DuckDB prepares each statement, its type is checked as well.

#include <duckdb.h>

#include <optional>
#include <string_view>
#include <vector>

#include "util/error.hpp"

namespace duckwire::duckdb {

struct StatementPolicy {
  bool read_only = false;
};

std::optional<Error> refuse_sql_text(std::string_view sql, const StatementPolicy& policy);

// The settings a client may SET for its own session while the configuration is locked: each
// changes that session alone (SET GLOBAL is refused), writes no file and prints nothing.
const std::vector<std::string_view>& session_settings();

std::optional<Error> refuse_statement_type(duckdb_statement_type type, const StatementPolicy& policy);

}  // namespace duckwire::duckdb
