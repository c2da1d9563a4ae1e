#pragma once
// Parameter typing read from and written into statement text: the explicit casts a PostgreSQL
// statement puts on its `$n` parameters, and the casts duckwire writes into the DuckDB text to give a
// parameter the type PostgreSQL would infer.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace duckwire::pgwire {

struct ParameterCasts {
  // Per parameter ($1 first, up to the highest $n written): the type OID of its first `$n::T` cast,
  // 0 when it has none or T is not a built-in type.
  std::vector<uint32_t> oids;
  // The statement with every `::numeric` / `::decimal` (no precision) directly on a parameter taken
  // off: DuckDB reads that cast as DECIMAL(18,3), while PostgreSQL's numeric keeps every digit, so such
  // a parameter takes the type of the value bound to it (DECIMAL(38, s) from its digits).
  std::string text;
  // Per parameter: true when such a numeric cast was taken off.
  std::vector<bool> numeric;
};
ParameterCasts parameter_casts(std::string_view sql);

// The built-in type a PostgreSQL type name names ("int4", "integer", "pg_catalog.int4", "oid[]",
// "character varying(10)", "timestamp with time zone"), or 0.
uint32_t type_oid_named(std::string_view type_name);

// The DuckDB type a parameter declared with this type OID binds as, when DuckDB cannot tell it from the
// statement; nullopt for numeric (typed by its value) and for types without a DuckDB equivalent.
std::optional<std::string> duckdb_parameter_type(uint32_t type_oid);

// `sql` with each parameter `$n` whose entry in `casts` (index n - 1) is not empty written as
// CAST($n AS type), or as CAST(NULL AS type) with `as_null` (a text that describes the statement's
// result where DuckDB would wait for the values to bind it, as for table function arguments).
std::string with_parameter_casts(std::string_view sql, const std::vector<std::string>& casts,
                                 bool as_null = false);

// Whether parameter `$number` is an argument of generate_series or range, table functions DuckDB binds
// only when the statement runs; PostgreSQL takes integer there (generate_series(1, $1)).
bool is_series_argument(std::string_view sql, size_t number);

}  // namespace duckwire::pgwire
