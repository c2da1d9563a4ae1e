#include "encode/arrow_ipc_body_reader.hpp"

#include <bit>
#include <cstring>
#include <string>
#include <type_traits>

#include "encode/arrow_ipc_format.hpp"
#include "util/unaligned.hpp"
#include "util/utf8.hpp"

namespace duckwire::encode::ipc {
namespace {

using ipc_format::kMetadataV5;

int64_t bitmap_bytes(int64_t bits) {
  return (bits + 7) / 8;
}

bool bit_is_set(const uint8_t* bitmap, int64_t index) {
  return (bitmap[index / 8] >> (index % 8)) & 1;
}

int64_t count_clear_bits(const uint8_t* bitmap, int64_t length) {
  int64_t set = 0;
  const int64_t whole_bytes = length / 8;
  for (int64_t i = 0; i < whole_bytes; ++i) set += std::popcount(static_cast<unsigned>(bitmap[i]));
  for (int64_t i = whole_bytes * 8; i < length; ++i) set += bit_is_set(bitmap, i);
  return length - set;
}

bool is_valid_slot(const Array& array, int64_t index) {
  return array.null_count == 0 || !array.buffers[0] || bit_is_set(array.buffers[0]->data(), index);
}

template <class Index>
void check_indices(const Array& indices, Buffer& data, int64_t dictionary_length) {
  uint8_t* values = data.data();
  for (int64_t i = 0; i < indices.length; ++i) {
    if (!is_valid_slot(indices, i)) {
      std::memset(values + i * sizeof(Index), 0, sizeof(Index));  // a null slot must not point anywhere
      continue;
    }
    const Index index = load_unaligned<Index>(values + i * sizeof(Index));
    bool negative = false;
    if constexpr (std::is_signed_v<Index>) negative = index < 0;
    if (negative || static_cast<uint64_t>(index) >= static_cast<uint64_t>(dictionary_length)) {
      refuse("dictionary index " + std::to_string(index) + " out of range");
    }
  }
}

template <class Offset>
void check_utf8(const Array& array, const Buffer& offsets, const Buffer& data) {
  for (int64_t i = 0; i < array.length; ++i) {
    if (!is_valid_slot(array, i)) continue;
    const auto begin = static_cast<size_t>(load_unaligned<Offset>(offsets.data() + i * sizeof(Offset)));
    const auto end = static_cast<size_t>(load_unaligned<Offset>(offsets.data() + (i + 1) * sizeof(Offset)));
    if (!is_valid_utf8({reinterpret_cast<const char*>(data.data()) + begin, end - begin})) {
      refuse("invalid UTF-8 in a string column");
    }
  }
}

float half_to_float(uint16_t half) {
  const uint32_t sign = uint32_t{half & 0x8000u} << 16;
  uint32_t exponent = (half >> 10) & 0x1F;
  uint32_t mantissa = half & 0x3FF;
  uint32_t bits;
  if (exponent == 0x1F) {
    bits = sign | 0x7F800000u | (mantissa << 13);  // infinity or NaN
  } else if (exponent != 0) {
    bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {
    bits = sign;
  } else {  // subnormal: normalize
    exponent = 113;
    while ((mantissa & 0x400) == 0) {
      mantissa <<= 1;
      --exponent;
    }
    bits = sign | (exponent << 23) | ((mantissa & 0x3FF) << 13);
  }
  return std::bit_cast<float>(bits);
}

}  // namespace

void check_dictionary_indices(const Array& indices, Buffer& data, const ArrowType& index_type,
                              int64_t dictionary_length) {
  switch (index_type.bit_width * (index_type.is_signed ? 1 : -1)) {
    case 8:
      return check_indices<int8_t>(indices, data, dictionary_length);
    case 16:
      return check_indices<int16_t>(indices, data, dictionary_length);
    case 32:
      return check_indices<int32_t>(indices, data, dictionary_length);
    case 64:
      return check_indices<int64_t>(indices, data, dictionary_length);
    case -8:
      return check_indices<uint8_t>(indices, data, dictionary_length);
    case -16:
      return check_indices<uint16_t>(indices, data, dictionary_length);
    case -32:
      return check_indices<uint32_t>(indices, data, dictionary_length);
    default:
      return check_indices<uint64_t>(indices, data, dictionary_length);
  }
}

BodyReader::BodyReader(const FlatTable& record_batch, std::span<const uint8_t> body, int16_t metadata_version,
                       const DictionaryMap& dictionaries, const ReadLimits& limits, ByteBudget& budget)
    : body_(body),
      metadata_version_(metadata_version),
      dictionaries_(dictionaries),
      limits_(limits),
      budget_(budget) {
  length_ = record_batch.scalar<int64_t>(0, 0);
  if (length_ < 0 || length_ > limits_.max_array_length) refuse("record batch length out of range");
  nodes_ = record_batch.vector(1, 16);
  buffers_ = record_batch.vector(2, 16);
  if (record_batch.has(3)) refuse("compressed Arrow IPC bodies (LZ4_FRAME, ZSTD) are not supported");
}

BodyReader::Node BodyReader::next_node() {
  if (next_node_ >= nodes_.size) refuse("fewer field nodes than fields");
  const uint8_t* at = nodes_.data + 16 * uint64_t{next_node_++};
  Node node{load_unaligned<int64_t>(at), load_unaligned<int64_t>(at + 8)};
  if (node.length < 0 || node.length > limits_.max_array_length) refuse("field node length out of range");
  if (node.null_count < 0 || node.null_count > node.length) refuse("field node null count out of range");
  return node;
}

std::shared_ptr<Array> BodyReader::new_array(int64_t length) {
  budget_.charge(sizeof(Array) + 64);
  auto array = std::make_shared<Array>();
  array->length = length;
  return array;
}

std::shared_ptr<Buffer> BodyReader::copy(std::span<const uint8_t> bytes) {
  budget_.charge(static_cast<int64_t>(bytes.size()) + 64);
  auto buffer = std::make_shared<Buffer>(bytes.size());
  if (!bytes.empty()) std::memcpy(buffer->data(), bytes.data(), bytes.size());
  return buffer;
}

std::span<const uint8_t> BodyReader::next_buffer() {
  if (next_buffer_ >= buffers_.size) refuse("fewer buffers than the fields need");
  const uint8_t* at = buffers_.data + 16 * uint64_t{next_buffer_++};
  const int64_t offset = load_unaligned<int64_t>(at);
  const int64_t length = load_unaligned<int64_t>(at + 8);
  const auto body_size = static_cast<int64_t>(body_.size());
  if (offset < 0 || length < 0 || offset > body_size || length > body_size - offset) {
    refuse("buffer outside the message body");
  }
  return body_.subspan(static_cast<size_t>(offset), static_cast<size_t>(length));
}

BufferPtr BodyReader::read_validity(const Node& node, Array& array) {
  const std::span<const uint8_t> bytes = next_buffer();
  array.null_count = 0;
  if (node.null_count == 0) return nullptr;
  if (static_cast<int64_t>(bytes.size()) < bitmap_bytes(node.length)) refuse("validity bitmap too short");
  BufferPtr bitmap = copy(bytes.first(static_cast<size_t>(bitmap_bytes(node.length))));
  array.null_count = count_clear_bits(bitmap->data(), node.length);
  return array.null_count == 0 ? nullptr : bitmap;
}

std::shared_ptr<Buffer> BodyReader::read_fixed(int64_t length, int64_t byte_width) {
  const std::span<const uint8_t> bytes = next_buffer();
  if (static_cast<int64_t>(bytes.size()) / byte_width < length) refuse("data buffer too short");
  return copy(bytes.first(static_cast<size_t>(length * byte_width)));
}

BufferPtr BodyReader::read_bits(int64_t length) {
  const std::span<const uint8_t> bytes = next_buffer();
  if (static_cast<int64_t>(bytes.size()) < bitmap_bytes(length)) refuse("boolean buffer too short");
  return copy(bytes.first(static_cast<size_t>(bitmap_bytes(length))));
}

std::shared_ptr<Buffer> BodyReader::read_half_floats(int64_t length) {
  std::shared_ptr<Buffer> halves = read_fixed(length, 2);
  budget_.charge(4 * length + 64);
  auto floats = std::make_shared<Buffer>(static_cast<size_t>(4 * length));
  for (int64_t i = 0; i < length; ++i) {
    const float value = half_to_float(load_unaligned<uint16_t>(halves->data() + 2 * i));
    std::memcpy(floats->data() + 4 * i, &value, 4);
  }
  return floats;
}

std::shared_ptr<Buffer> BodyReader::read_day_time_intervals(int64_t length) {
  std::shared_ptr<Buffer> pairs = read_fixed(length, 8);
  budget_.charge(16 * length + 64);
  auto intervals = std::make_shared<Buffer>(static_cast<size_t>(16 * length));
  for (int64_t i = 0; i < length; ++i) {
    const int32_t days = load_unaligned<int32_t>(pairs->data() + 8 * i);
    const int64_t nanoseconds = int64_t{load_unaligned<int32_t>(pairs->data() + 8 * i + 4)} * 1'000'000;
    std::memcpy(intervals->data() + 16 * i + 4, &days, 4);  // months stay 0
    std::memcpy(intervals->data() + 16 * i + 8, &nanoseconds, 8);
  }
  return intervals;
}

template <class Offset>
BufferPtr BodyReader::read_offsets(int64_t length, int64_t& last) {
  const std::span<const uint8_t> bytes = next_buffer();
  last = 0;
  if (length == 0 && bytes.empty()) {
    static constexpr uint8_t kZeroOffset[sizeof(Offset)] = {};
    return copy(kZeroOffset);
  }
  if (static_cast<int64_t>(bytes.size()) / static_cast<int64_t>(sizeof(Offset)) < length + 1) {
    refuse("offsets buffer too short");
  }
  BufferPtr offsets = copy(bytes.first(static_cast<size_t>((length + 1) * sizeof(Offset))));
  Offset previous = load_unaligned<Offset>(offsets->data());
  if (previous < 0) refuse("negative offset");
  for (int64_t i = 1; i <= length; ++i) {
    const Offset current = load_unaligned<Offset>(offsets->data() + i * sizeof(Offset));
    if (current < previous) refuse("offsets decrease");
    previous = current;
  }
  last = static_cast<int64_t>(previous);
  return offsets;
}

ArrayPtr BodyReader::read_column(const Field& field) {
  if (!field.dictionary) return read_value(field, next_node());
  const Node node = next_node();
  auto found = dictionaries_.find(field.dictionary->id);
  if (found == dictionaries_.end()) {
    refuse("no dictionary batch for dictionary " + std::to_string(field.dictionary->id));
  }
  auto indices = new_array(node.length);
  indices->buffers.push_back(read_validity(node, *indices));
  const ArrowType& index_type = field.dictionary->index_type;
  std::shared_ptr<Buffer> data = read_fixed(node.length, index_type.bit_width / 8);
  check_dictionary_indices(*indices, *data, index_type, found->second->length);
  indices->buffers.push_back(std::move(data));
  indices->dictionary = found->second;
  return indices;
}

ArrayPtr BodyReader::read_dictionary_values(const Field& field) {
  return read_value(field, next_node());
}

ArrayPtr BodyReader::read_value(const Field& field, const Node& node) {
  auto array = new_array(node.length);
  const ArrowType& type = field.type;
  switch (type.id) {
    case ArrowTypeId::kNull:
      array->null_count = node.length;
      break;
    case ArrowTypeId::kBool:
      array->buffers.push_back(read_validity(node, *array));
      array->buffers.push_back(read_bits(node.length));
      break;
    case ArrowTypeId::kBinary:
    case ArrowTypeId::kUtf8:
    case ArrowTypeId::kLargeBinary:
    case ArrowTypeId::kLargeUtf8:
      read_binary(field, node, *array);
      break;
    case ArrowTypeId::kList:
    case ArrowTypeId::kLargeList:
    case ArrowTypeId::kMap:
    case ArrowTypeId::kFixedSizeList:
      read_list(field, node, *array);
      break;
    case ArrowTypeId::kStruct:
      array->buffers.push_back(read_validity(node, *array));
      for (const Field& child : field.children) {
        array->children.push_back(read_column(child));
        if (array->children.back()->length < node.length) refuse("struct child shorter than its struct");
      }
      break;
    case ArrowTypeId::kSparseUnion:
    case ArrowTypeId::kDenseUnion:
      read_union(field, node, *array);
      break;
    default: {
      const int width = type.fixed_byte_width();
      if (width <= 0) refuse("unsupported column type " + std::to_string(static_cast<int>(type.id)));
      array->buffers.push_back(read_validity(node, *array));
      switch (field.wire_type) {
        case Field::WireType::kSame:
          array->buffers.push_back(read_fixed(node.length, width));
          break;
        case Field::WireType::kHalfFloat:
          array->buffers.push_back(read_half_floats(node.length));
          break;
        case Field::WireType::kDayTimeInterval:
          array->buffers.push_back(read_day_time_intervals(node.length));
          break;
      }
    }
  }
  return array;
}

void BodyReader::read_binary(const Field& field, const Node& node, Array& array) {
  const bool large = field.type.id == ArrowTypeId::kLargeBinary || field.type.id == ArrowTypeId::kLargeUtf8;
  array.buffers.push_back(read_validity(node, array));
  int64_t last = 0;
  BufferPtr offsets =
      large ? read_offsets<int64_t>(node.length, last) : read_offsets<int32_t>(node.length, last);
  const std::span<const uint8_t> bytes = next_buffer();
  if (static_cast<int64_t>(bytes.size()) < last) refuse("string data shorter than its offsets say");
  BufferPtr data = copy(bytes.first(static_cast<size_t>(last)));
  if (field.type.id == ArrowTypeId::kUtf8) check_utf8<int32_t>(array, *offsets, *data);
  if (field.type.id == ArrowTypeId::kLargeUtf8) check_utf8<int64_t>(array, *offsets, *data);
  array.buffers.push_back(std::move(offsets));
  array.buffers.push_back(std::move(data));
}

void BodyReader::read_list(const Field& field, const Node& node, Array& array) {
  array.buffers.push_back(read_validity(node, array));
  int64_t needed = 0;
  switch (field.type.id) {
    case ArrowTypeId::kLargeList:
      array.buffers.push_back(read_offsets<int64_t>(node.length, needed));
      break;
    case ArrowTypeId::kFixedSizeList:
      needed = node.length * field.type.fixed_size;
      break;
    default:
      array.buffers.push_back(read_offsets<int32_t>(node.length, needed));
      break;
  }
  array.children.push_back(read_column(field.children[0]));
  if (array.children[0]->length < needed) refuse("list values shorter than the list needs");
}

void BodyReader::read_union(const Field& field, const Node& node, Array& array) {
  if (metadata_version_ < kMetadataV5) next_buffer();  // V4 unions carried a validity bitmap
  const bool dense = field.type.id == ArrowTypeId::kDenseUnion;
  BufferPtr type_ids = read_fixed(node.length, 1);
  BufferPtr offsets = dense ? read_fixed(node.length, 4) : nullptr;
  for (const Field& child : field.children) array.children.push_back(read_column(child));

  int8_t child_of_type[128];
  std::memset(child_of_type, -1, sizeof(child_of_type));
  for (size_t i = 0; i < field.type.union_type_ids.size(); ++i) {
    child_of_type[field.type.union_type_ids[i]] = static_cast<int8_t>(i);
  }
  for (int64_t i = 0; i < node.length; ++i) {
    const auto type_id = static_cast<int8_t>(type_ids->data()[i]);
    const int child = type_id < 0 ? -1 : child_of_type[type_id];
    if (child < 0) refuse("union type id " + std::to_string(type_id) + " is not declared");
    const int64_t child_length = array.children[static_cast<size_t>(child)]->length;
    if (dense) {
      const int32_t offset = load_unaligned<int32_t>(offsets->data() + 4 * i);
      if (offset < 0 || offset >= child_length) refuse("dense union offset out of range");
    } else if (child_length < node.length) {
      refuse("sparse union child shorter than its union");
    }
  }
  array.null_count = 0;
  array.buffers.push_back(std::move(type_ids));
  if (dense) array.buffers.push_back(std::move(offsets));
}

}  // namespace duckwire::encode::ipc
