#pragma once
// A DataChunk object {100 row_count, 101 types, 102 columns} decoded into a neutral in-memory form.
// Every vector form the wire has is accepted (flat, CONSTANT, DICTIONARY, SEQUENCE, at any depth)
// and comes out flat. Strings view the decoded message: a DecodedChunk lives no longer than the bytes
// it was decoded from.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/quack/binary_reader.hpp"
#include "protocols/quack/logical_type.hpp"
#include "util/error.hpp"

namespace duckwire::quack {

// A LIST or MAP row: its elements are rows [offset, offset + length) of the child vector. Also the
// layout of DuckDB's duckdb_list_entry.
struct ListEntry {
  uint64_t offset = 0;
  uint64_t length = 0;

  bool operator==(const ListEntry&) const = default;
};

struct DecodedVector {
  uint64_t count = 0;
  // DuckDB's validity words: bit i of word i/64 set when row i is valid. Empty when every row is.
  std::vector<uint64_t> validity;
  // Fixed-width types: count * physical_width bytes, little-endian; NULL rows are zero.
  std::string data;
  // String types (VARCHAR, CHAR, BLOB, BIT, BIGNUM): one value per row; NULL rows are empty.
  std::vector<std::string_view> strings;
  // LIST and MAP: one entry per row into children[0]; NULL rows are {0, 0}.
  std::vector<ListEntry> entries;
  // STRUCT: the members. UNION: the UTINYINT tag, then the members. LIST, MAP, ARRAY: the child
  // (ARRAY: array_size rows per row).
  std::vector<DecodedVector> children;

  bool is_valid(uint64_t row) const {
    return validity.empty() || ((validity[row / 64] >> (row % 64)) & 1) != 0;
  }
  bool operator==(const DecodedVector&) const = default;
};

struct DecodedChunk {
  uint64_t row_count = 0;
  std::vector<LogicalType> types;
  std::vector<DecodedVector> columns;

  bool operator==(const DecodedChunk&) const = default;
};

struct DecodeLimits {
  // Bytes that CONSTANT, SEQUENCE and DICTIONARY vectors may expand to in one chunk (flat vectors
  // are bounded by the message itself).
  uint64_t max_expanded_bytes = uint64_t{256} << 20;
};

// Reads one DataChunk object; failures are recorded in `in`.
DecodedChunk read_data_chunk(BinaryReader& in, const DecodeLimits& limits = {});
// `bytes` must hold exactly one DataChunk object.
Result<DecodedChunk> decode_data_chunk(std::string_view bytes, const DecodeLimits& limits = {});

// Row `row` of a fixed-width vector as a T of the type's physical width.
template <class T>
T fixed_value(const DecodedVector& vector, uint64_t row) {
  T value;
  std::memcpy(&value, vector.data.data() + row * sizeof(T), sizeof(T));
  return value;
}

// The number of validity words for `count` rows.
inline uint64_t validity_words(uint64_t count) {
  return (count + 63) / 64;
}

}  // namespace duckwire::quack
