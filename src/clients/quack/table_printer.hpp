#pragma once
// The table format of result_printer.hpp: a box as DuckDB 1.5's CLI (duckbox mode) draws it.
//
//   ┌───────┬─────────┐
//   │   i   │    s    │      column names and DuckDB's short type names (int32, varchar, int64[]),
//   │ int32 │ varchar │      centered
//   ├───────┼─────────┤
//   │     1 │ a       │      numbers to the right, everything else to the left, NULL as NULL,
//   │  NULL │ b\nc    │      control characters escaped (\n, \t, \27)
//   └───────┴─────────┘
//
// A result of more than max_rows + 3 rows shows its first and last max_rows / 2 rows around three rows
// of "·", and a footer "N rows (M shown)"; results of 10 rows or more and of none say how many rows (and
// columns) they have when the footer fits. Unlike DuckDB's CLI, columns are never cut to a terminal's
// width. Only the rows shown are kept, so a long result streams through in bounded memory.

#include <iosfwd>
#include <memory>

#include "clients/quack/result_printer.hpp"

namespace duckwire::quack_client {

std::unique_ptr<ResultPrinter> make_table_printer(std::ostream& out, const PrintOptions& options);

// DuckDB's CLI name of a type: int8 ... int128, uint8 ... uint128, "int32[]" for a LIST, else the type
// in lower case ("decimal(10,2)", "struct(a integer)").
std::string box_type_name(const quack::LogicalType& type);

}  // namespace duckwire::quack_client
