#pragma once
// An APPEND's decoded chunk as the backend's VectorChunk (DuckDB's vector layout): views of the
// decoded vectors, with the 16-byte string records that layout wants built alongside. The result views
// the chunk (and the message it views): it lives no longer than they do.

#include <vector>

#include "backend/column_type.hpp"
#include "backend/vector_chunk.hpp"
#include "protocols/quack/data_chunk.hpp"

namespace duckwire::quack {

// The backend's types of the chunk's columns.
std::vector<ColumnType> append_vector_types(const DecodedChunk& chunk);
VectorChunk append_vectors(const DecodedChunk& chunk);

}  // namespace duckwire::quack
