#pragma once
// A result chunk in DuckDB's own vector layout, for front doors whose wire format is that layout (Quack):
// the engine's memory as it is, without the Arrow conversion. Only engines that hold their data so
// (DuckDB) offer it (ResultStream::next_vectors).
//
// Per column type (ColumnType):
// - fixed width: `data` holds `rows` values in DuckDB's physical layout (HUGEINT/UUID/INTERVAL 16 bytes,
//   DECIMAL by width int16/32/64/128, ENUM indexes u8/u16/u32 by value count, TIMETZ packed, BOOLEAN a byte);
// - VARCHAR, BLOB, BIT, BIGNUM: `data` holds 16-byte string records (string_at reads one);
// - LIST and MAP: `data` holds {uint64 offset, uint64 length} per row into children[0], which has
//   `child_rows` rows (a MAP's element is a STRUCT of key and value);
// - STRUCT: children are the members, each with `rows` rows; UNION: children[0] is the tag (u8), then the
//   members; ARRAY: children[0] holds rows * array_size elements.

#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "backend/column_type.hpp"

namespace duckwire {

struct VectorView {
  uint64_t rows = 0;
  const uint64_t* validity = nullptr;  // bit (i % 64) of word i / 64, 1 = valid; nullptr: every row valid
  const void* data = nullptr;
  uint64_t child_rows = 0;  // LIST/MAP/ARRAY
  std::vector<VectorView> children;

  bool valid(uint64_t row) const { return validity == nullptr || (validity[row / 64] >> (row % 64) & 1) != 0; }
};

// The bytes of string record `row`: a uint32 length, then the bytes inline when there are at most 12,
// else a 4-byte prefix and a pointer to them.
inline std::string_view string_at(const VectorView& view, uint64_t row) {
  const char* record = static_cast<const char*>(view.data) + row * 16;
  uint32_t length = 0;
  std::memcpy(&length, record, sizeof length);
  if (length <= 12) return std::string_view(record + 4, length);
  const char* pointer = nullptr;
  std::memcpy(&pointer, record + 8, sizeof pointer);
  return std::string_view(pointer, length);
}

struct VectorChunk {
  uint64_t rows = 0;
  std::vector<VectorView> columns;   // one per result column
  std::shared_ptr<void> keep_alive;  // the engine's chunk the views point into
};

// The bytes per row of a fixed-width type's `data`; 0 for types held otherwise (strings, nested, NULL).
size_t vector_value_width(const ColumnType& type);

}  // namespace duckwire
