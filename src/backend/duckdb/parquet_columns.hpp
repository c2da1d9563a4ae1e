#pragma once
// A result reaches the Parquet writer in its Arrow form, which DuckDB reads back as other types for a
// few of its own: HUGEINT and UHUGEINT as DECIMAL(38,0) (UHUGEINT from 2^127 up as negative numbers),
// UUID and JSON as VARCHAR, TIMETZ as TIME (the offset dropped), BIT as BLOB (its internal bytes). These are
// the expressions that turn the scanned columns back into the result's own types, so that the file holds what
// DuckDB writes for them.

#include <string>
#include <vector>

#include "backend/backend.hpp"

namespace duckwire::duckdb {

// One expression per scanned column (`scanned`: the names and types DuckDB reads from the Arrow form
// of `columns`), each named as scanned. TIMETZ, BIT and the UHUGEINTs from 2^127 up are turned back
// only at the top level (TIMETZ values were made UTC times: utc_time_of_day); nested, a TIMETZ or BIT
// stays as scanned, and such a UHUGEINT fails the cast. The client's names and values inside a type (a
// struct's members, an enum's values) are quoted. An expression DuckDB cannot bind is for the caller to
// replace with the scanned column.
std::vector<std::string> parquet_column_expressions(const std::vector<Column>& columns,
                                                    const std::vector<Column>& scanned);

// Turns the TIMETZ columns of `chunk` (times of day at their own offsets, time64[us] in `schema`) into
// UTC times of day, from the offsets the chunk carries beside them.
void utc_time_of_day(const ArrowSchema& schema, Chunk& chunk);

}  // namespace duckwire::duckdb
