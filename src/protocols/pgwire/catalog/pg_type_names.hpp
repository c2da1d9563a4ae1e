#pragma once
// A type name in PostgreSQL statement text and the name PostgreSQL's parser gives it: its SQL
// standard spellings become the internal names (integer → int4, double precision → float8,
// character varying → varchar, timestamp with time zone → timestamptz, ...), others are their last
// name. A cast of a constant is named after it.

#include <optional>
#include <string>

#include "protocols/pgwire/catalog/pg_sql_tokens.hpp"

namespace duckwire::pgwire::target_list {

struct TypeName {
  size_t end = 0;  // past the type name's last token
  std::string name;
};

// The type name starting at token `first`, ending by `last`; nullopt when there is none.
std::optional<TypeName> type_name(const SqlTokens& tokens, size_t first, size_t last);

// Past the fields (DAY, HOUR TO SECOND(3), ...) that may follow an interval type or literal at `at`;
// `at` when `type` is not interval.
size_t past_interval_fields(const SqlTokens& tokens, size_t at, size_t last, const std::string& type);

}  // namespace duckwire::pgwire::target_list
