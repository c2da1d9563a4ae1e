#pragma once
// The values of an APPEND's decoded chunk as the engine-neutral Values an appender casts to the
// table's column types, as an INSERT would.

#include "backend/value.hpp"
#include "protocols/quack/data_chunk.hpp"
#include "util/error.hpp"

namespace duckwire::quack {

// The value of `row` of `vector`, whose type is `type`; an error for the types whose values the
// appender cannot take from here (BIT, BIGNUM, TIME WITH TIME ZONE, TIME_NS).
Result<Value> decoded_value(const DecodedVector& vector, const LogicalType& type, uint64_t row);

}  // namespace duckwire::quack
