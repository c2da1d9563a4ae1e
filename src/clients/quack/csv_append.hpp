#pragma once
// `duckwire query --append TABLE`: CSV rows loaded into a table through Quack's APPEND.
//
// The CSV's header row names the table's columns, in any order, each exactly once (matched without
// regard to case when the exact name is missing). The values travel as VARCHAR columns in chunks of
// `rows_per_chunk` rows; the server casts them to the table's types as an INSERT would. An empty field
// outside quotes is NULL. A blank line is a NULL row for a one-column table and is skipped otherwise (as
// DuckDB's read_csv does). Every chunk goes in one transaction: on any error nothing is appended.

#include <cstdint>
#include <istream>
#include <string>
#include <string_view>

#include "clients/quack/quack_client.hpp"
#include "util/error.hpp"

namespace duckwire::quack_client {

struct TableName {
  std::string schema;  // empty: the connection's search path
  std::string table;

  bool operator==(const TableName&) const = default;
};

// "t", "s.t", "\"My Table\"", "s.\"a.b\"": a table, optionally after its schema; double quotes keep
// dots and case ("" stands for a quote).
Result<TableName> parse_table_name(std::string_view text);

inline constexpr size_t kAppendChunkRows = 2048;

// The number of rows appended.
Result<uint64_t> append_csv(QuackClient& client, const TableName& table, std::istream& csv,
                            size_t rows_per_chunk = kAppendChunkRows);

}  // namespace duckwire::quack_client
