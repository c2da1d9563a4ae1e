#pragma once
// The DuckDB types that parameter values take, and the one type the items of a list share.

#include <optional>
#include <string>
#include <vector>

#include "backend/duckdb/handles.hpp"

namespace duckwire::duckdb {

LogicalType make_type(duckdb_type id);
LogicalType make_struct_type(const std::vector<LogicalType>& member_types,
                             const std::vector<std::string>& names);
// A new, owned copy of a type borrowed from a value.
LogicalType copy_type(duckdb_logical_type type);

// The type list items of types `a` and `b` are cast to, or nullopt when there is none. NULL goes
// with anything; numbers widen (BIGINT with UBIGINT to HUGEINT, integers and decimals to a DECIMAL
// with room for both, anything with DOUBLE to DOUBLE); lists, and structs with the same member
// names, combine member by member; other types only match themselves.
std::optional<LogicalType> common_type(duckdb_logical_type a, duckdb_logical_type b);

}  // namespace duckwire::duckdb
