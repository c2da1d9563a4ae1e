#pragma once
// duckwire's engine-neutral ColumnType and Quack's LogicalType, for the types both have. CHAR has no
// ColumnType of its own (DuckDB answers it as VARCHAR) and a VARCHAR's collation has no place in a
// ColumnType; everything else maps both ways.

#include "backend/column_type.hpp"
#include "protocols/quack/logical_type.hpp"
#include "util/error.hpp"

namespace duckwire::quack {

// An error for a type Quack cannot carry (TypeId::kOther, or a nested type holding one).
Result<LogicalType> to_logical_type(const ColumnType& type);
ColumnType to_column_type(const LogicalType& type);

}  // namespace duckwire::quack
