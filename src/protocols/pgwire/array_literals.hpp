#pragma once
// PostgreSQL reads an untyped string literal by the type of the column it goes to, so '{1,2}' (psycopg2
// sends '{}' for an empty list) inserted into an integer[] column is an array; DuckDB reads only its
// own list text '[1,2]' as a list.

#include <string>
#include <string_view>

#include "backend/backend.hpp"

namespace duckwire::pgwire {

// On a worker: the DuckDB text `sql` with each bare '{...}' literal that INSERT ... VALUES or
// UPDATE ... SET col = gives a list column written as DuckDB's list text. The columns' types come from
// preparing `SELECT columns FROM table LIMIT 0`; `sql` is returned as it is when it has no such
// literal or the columns cannot be told.
std::string with_array_literals(Session& session, std::string_view sql);

}  // namespace duckwire::pgwire
