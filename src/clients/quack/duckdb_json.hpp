#pragma once
// The values of decoded Quack chunks as JSON, for `duckwire query --format json`: numbers (every
// integer width, DECIMAL with its exact digits, finite FLOAT and DOUBLE) and booleans as JSON's own,
// LIST and ARRAY as arrays, STRUCT as an object, MAP as an object keyed by each key's text, UNION as its
// member's value, a JSON-typed value as the JSON it holds, NULL as null, and every other value (and
// nan, inf) as a string of its DuckDB text (duckdb_text.hpp).

#include <cstdint>
#include <string>

#include "protocols/quack/data_chunk.hpp"
#include "protocols/quack/logical_type.hpp"

namespace duckwire::quack_client {

void append_json_value(std::string& out, const quack::DecodedVector& vector, const quack::LogicalType& type,
                       uint64_t row);

}  // namespace duckwire::quack_client
