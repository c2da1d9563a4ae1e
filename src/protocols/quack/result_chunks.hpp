#pragma once
// A result's chunks as Quack DataChunk objects, written straight from the engine's vectors
// (ResultStream::next_vectors): no Arrow and no rows in between.

#include <vector>

#include "backend/backend.hpp"
#include "protocols/quack/logical_type.hpp"
#include "protocols/quack/messages.hpp"
#include "util/error.hpp"

namespace duckwire::quack {

// The Quack types of a result's columns; an error naming the first column Quack cannot carry.
Result<std::vector<LogicalType>> result_types(const std::vector<Column>& columns);

// About the size of encode_chunk's output (within a few bytes per row), without encoding.
size_t approximate_encoded_bytes(const VectorChunk& chunk, const std::vector<LogicalType>& types);

// One DataChunk object of `chunk`, whose columns have `types`.
Result<EncodedChunk> encode_chunk(const VectorChunk& chunk, const std::vector<LogicalType>& types);

}  // namespace duckwire::quack
