#pragma once
// Decodes the arrays of one RecordBatch (or the values of one DictionaryBatch) from its field nodes,
// buffer descriptors and body. Every descriptor is checked against the body, every offset, index and
// type id against what it points into, so that the exported arrays are safe to read.

#include <cstdint>
#include <map>
#include <span>

#include "encode/arrow_ipc_model.hpp"
#include "encode/flatbuffer_reader.hpp"

namespace duckwire::encode::ipc {

// The dictionaries known so far, by id.
using DictionaryMap = std::map<int64_t, ArrayPtr>;

// Checks that every non-null index of a dictionary-encoded array (its validity already in
// `indices.buffers[0]`) falls inside the dictionary, and zeroes the indices of null slots.
void check_dictionary_indices(const Array& indices, Buffer& data, const ArrowType& index_type,
                              int64_t dictionary_length);

class BodyReader {
 public:
  // `record_batch` is a RecordBatch table; `metadata_version` the Message version (3 = V4, 4 = V5).
  BodyReader(const FlatTable& record_batch, std::span<const uint8_t> body, int16_t metadata_version,
             const DictionaryMap& dictionaries, const ReadLimits& limits, ByteBudget& budget);

  int64_t length() const { return length_; }
  // The next column, as the field declares it (dictionary-encoded fields as indices plus dictionary).
  ArrayPtr read_column(const Field& field);
  // The values of a dictionary whose field is `field` (its dictionary encoding is ignored).
  ArrayPtr read_dictionary_values(const Field& field);

 private:
  struct Node {
    int64_t length;
    int64_t null_count;
  };

  Node next_node();
  std::shared_ptr<Array> new_array(int64_t length);
  std::shared_ptr<Buffer> copy(std::span<const uint8_t> bytes);
  std::span<const uint8_t> next_buffer();
  BufferPtr read_validity(const Node& node, Array& array);
  std::shared_ptr<Buffer> read_fixed(int64_t length, int64_t byte_width);
  BufferPtr read_bits(int64_t length);
  std::shared_ptr<Buffer> read_half_floats(int64_t length);
  std::shared_ptr<Buffer> read_day_time_intervals(int64_t length);
  // Returns the offsets buffer and the last offset, after checking the offsets never decrease.
  template <class Offset>
  BufferPtr read_offsets(int64_t length, int64_t& last);

  ArrayPtr read_value(const Field& field, const Node& node);
  void read_binary(const Field& field, const Node& node, Array& array);
  void read_list(const Field& field, const Node& node, Array& array);
  void read_union(const Field& field, const Node& node, Array& array);

  std::span<const uint8_t> body_;
  int16_t metadata_version_;
  const DictionaryMap& dictionaries_;
  const ReadLimits& limits_;
  ByteBudget& budget_;
  int64_t length_ = 0;
  FlatVector nodes_;
  FlatVector buffers_;
  uint32_t next_node_ = 0;
  uint32_t next_buffer_ = 0;
};

}  // namespace duckwire::encode::ipc
