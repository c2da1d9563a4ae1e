#pragma once
// Writes a DataChunk object from column data in DuckDB's vector layout (that of the C API's
// duckdb_vector_get_data / duckdb_vector_get_validity), straight into the output: flat vectors only,
// has_validity_mask only when a row is NULL, NULL rows zero-filled or empty.
//
// The columns follow begin() in order, depth first: a scalar column is one call; a STRUCT, UNION,
// LIST, MAP or ARRAY column is its begin_*_vector call, its child vectors (UNION: the tag first; MAP:
// the STRUCT(key, value)), then end_vector(). The writer knows each vector's row count from the types:
// a child of a LIST has list_size rows, a child of an ARRAY array_size per row.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/quack/binary_writer.hpp"
#include "protocols/quack/data_chunk.hpp"
#include "protocols/quack/logical_type.hpp"
#include "util/error.hpp"

namespace duckwire::quack {

// `validity` arguments: DuckDB's validity words (bit i of word i/64 set when row i is valid), or
// nullptr when every row is valid.
class DataChunkWriter {
 public:
  // Appends to `out`, which must outlive the writer.
  explicit DataChunkWriter(std::string& out) : out_(out) {}
  DataChunkWriter(const DataChunkWriter&) = delete;
  DataChunkWriter& operator=(const DataChunkWriter&) = delete;

  // `types` must stay alive until finish().
  void begin(uint64_t row_count, std::span<const LogicalType> types);

  // physical_width(type) bytes per row, little-endian.
  void fixed_vector(const void* data, const uint64_t* validity);
  // duckdb_string_t records of 16 bytes: a uint32 length, then the bytes inline when at most 12, else
  // a 4-byte prefix and a pointer to the bytes.
  void duckdb_string_vector(const void* records, const uint64_t* validity);
  void string_vector(std::span<const std::string_view> values, const uint64_t* validity);
  void begin_struct_vector(const uint64_t* validity);
  // duckdb_list_entry records {uint64 offset, uint64 length} into a child of `list_size` rows.
  void begin_list_vector(const void* entries, uint64_t list_size, const uint64_t* validity);
  void begin_array_vector(const uint64_t* validity);
  void end_vector();

  // Ends the chunk. An error when the calls did not follow the types: the bytes are then unusable.
  Result<void> finish();

 private:
  // The vectors a chunk or a nested vector expects next.
  struct Frame {
    std::vector<const LogicalType*> child_types;
    uint64_t child_rows = 0;
    std::optional<uint16_t> child_field;  // a LIST's or ARRAY's child is a field; the others list elements
    size_t next = 0;
  };
  struct Expected {
    const LogicalType* type = nullptr;
    uint64_t rows = 0;
  };

  // Starts the next vector, which must have `shape`; nullopt after a misuse.
  std::optional<Expected> start_vector(VectorShape shape, std::string_view call);
  void write_validity(const uint64_t* validity, uint64_t rows);
  void misuse(std::string message);

  std::string& out_;
  std::vector<Frame> frames_;
  std::optional<Error> error_;
  bool begun_ = false;
};

// The DataChunk object of a decoded chunk (for round trips and tests); an error when its vectors do
// not hold what its types say.
Result<std::string> encode_data_chunk(const DecodedChunk& chunk);

}  // namespace duckwire::quack
