#pragma once
// The values of decoded Quack chunks as DuckDB's CAST(value AS VARCHAR) writes them in a UTC session
// (and so as DuckDB's CLI shows them), checked against DuckDB 1.5:
//   3.0 · 1e+20 · nan · 12.50 · .5 (DECIMAL(1,1)) · \x00\xFFab (BLOB) · 2024-01-02 03:04:05+00 (TIMESTAMPTZ)
//   · 14:30:00+05:30 (TIMETZ) · 1 year 2 months 3 days 04:05:06 · [1, 2, NULL] · {'a': 1, 'b': x y}
//   · {k=v} (MAP) · (1, 2) (unnamed STRUCT) · [a,b] (ARRAY) and a UNION as its member's value.
// Inside LIST, STRUCT and MAP values, a scalar's text is quoted ('a,b', with ' and \ escaped by a
// backslash) when it is empty, is "null" in any case, starts or ends with white space, or holds one of
// " ' ( ) , : = [ ] { }; STRUCT keys are always quoted; ARRAY elements and UNION members never are.

#include <cstdint>
#include <string>

#include "protocols/quack/data_chunk.hpp"
#include "protocols/quack/logical_type.hpp"

namespace duckwire::quack_client {

// Row `row` of `vector`, whose type is `type`; "NULL" when the row is NULL.
void append_duckdb_text(std::string& out, const quack::DecodedVector& vector, const quack::LogicalType& type,
                        uint64_t row);
std::string duckdb_text(const quack::DecodedVector& vector, const quack::LogicalType& type, uint64_t row);

// DuckDB's numeric types, which its CLI aligns to the right.
bool is_numeric(const quack::LogicalType& type);

}  // namespace duckwire::quack_client
