#include "encode/arrow_ipc_body.hpp"

#include <bit>
#include <cstring>

namespace duckwire::encode {
namespace {

constexpr int64_t kAlignment = 8;

int64_t padded(int64_t bytes) {
  return (bytes + kAlignment - 1) & ~(kAlignment - 1);
}

const uint8_t* buffer_at(const ArrowArray& array, int64_t index) {
  return static_cast<const uint8_t*>(array.buffers[index]);
}

// The number of buffers the C data interface gives each type (views: at least).
int64_t required_buffers(ArrowTypeId id) {
  switch (id) {
    case ArrowTypeId::kNull:
      return 0;
    case ArrowTypeId::kStruct:
    case ArrowTypeId::kFixedSizeList:
    case ArrowTypeId::kSparseUnion:
      return 1;
    case ArrowTypeId::kBinary:
    case ArrowTypeId::kUtf8:
    case ArrowTypeId::kLargeBinary:
    case ArrowTypeId::kLargeUtf8:
    case ArrowTypeId::kBinaryView:
    case ArrowTypeId::kUtf8View:
    case ArrowTypeId::kListView:
    case ArrowTypeId::kLargeListView:
      return 3;
    default:
      return 2;
  }
}

void check_shape(const ArrowType& type, const std::vector<ArrowFieldPlan>& children, const ArrowArray& array,
                 int64_t offset, int64_t length) {
  if (array.n_buffers < required_buffers(type.id) ||
      (type.id != ArrowTypeId::kNull && array.n_buffers > 0 && array.buffers == nullptr)) {
    throw ArrowIpcError("Arrow IPC: an array has " + std::to_string(array.n_buffers) +
                        " buffers, fewer than its type needs");
  }
  if (array.n_children != static_cast<int64_t>(children.size())) {
    throw ArrowIpcError("Arrow IPC: an array has " + std::to_string(array.n_children) +
                        " children, its schema " + std::to_string(children.size()));
  }
  if (offset < 0 || length < 0) throw ArrowIpcError("Arrow IPC: negative array offset or length");
}

int64_t nulls_in(const ArrowArray& array, int64_t offset, int64_t length) {
  if (array.null_count == 0 || length == 0 || array.n_buffers == 0 || array.buffers[0] == nullptr) return 0;
  if (offset == array.offset && length == array.length && array.null_count > 0) return array.null_count;
  return count_nulls(buffer_at(array, 0), offset, length);
}

bool is_union(ArrowTypeId id) {
  return id == ArrowTypeId::kSparseUnion || id == ArrowTypeId::kDenseUnion;
}

}  // namespace

int64_t count_nulls(const uint8_t* bitmap, int64_t offset, int64_t length) {
  int64_t set = 0;
  int64_t bit = offset;
  const int64_t end = offset + length;
  for (; bit < end && bit % 8 != 0; ++bit) set += (bitmap[bit >> 3] >> (bit & 7)) & 1;
  const uint8_t* byte = bitmap + (bit >> 3);
  for (; end - bit >= 64; bit += 64, byte += 8) {
    uint64_t word;
    std::memcpy(&word, byte, sizeof(word));
    set += std::popcount(word);
  }
  for (; end - bit >= 8; bit += 8, ++byte) set += std::popcount(*byte);
  for (; bit < end; ++bit) set += (bitmap[bit >> 3] >> (bit & 7)) & 1;
  return length - set;
}

void IpcBody::clear() {
  nodes_.clear();
  buffers_.clear();
  variadic_counts_.clear();
  parts_.clear();
  size_ = 0;
}

void IpcBody::add_column(const ArrowFieldPlan& field, const ArrowArray& array, int64_t offset,
                         int64_t length) {
  if (field.is_dictionary()) {
    static const std::vector<ArrowFieldPlan> kNoChildren;
    add_array(field.index_type, kNoChildren, array, offset, length);
  } else {
    add_array(field.type, field.children, array, offset, length);
  }
}

void IpcBody::add_dictionary_values(const ArrowFieldPlan& field, const ArrowArray& dictionary, int64_t offset,
                                    int64_t length) {
  add_array(field.type, field.children, dictionary, offset, length);
}

void IpcBody::add_array(const ArrowType& type, const std::vector<ArrowFieldPlan>& children,
                        const ArrowArray& array, int64_t offset, int64_t length) {
  check_shape(type, children, array, offset, length);
  if (type.id == ArrowTypeId::kNull) {
    nodes_.push_back({length, length});
    return;
  }
  // Unions have no validity bitmap: their nulls live in the children.
  const int64_t null_count = is_union(type.id) ? 0 : nulls_in(array, offset, length);
  nodes_.push_back({length, null_count});

  auto add_child = [&](size_t index, int64_t child_offset, int64_t child_length) {
    const ArrowArray& child = *array.children[index];
    add_column(children[index], child, child.offset + child_offset, child_length);
  };

  switch (type.id) {
    case ArrowTypeId::kBool:
      add_validity(array, offset, length, null_count);
      add_bitmap(array.buffers[1], offset, length);
      break;
    case ArrowTypeId::kBinary:
    case ArrowTypeId::kUtf8: {
      add_validity(array, offset, length, null_count);
      auto [first, last] = add_offsets<int32_t>(array.buffers[1], offset, length);
      add_part(PartKind::kCopy, buffer_at(array, 2) + first, last - first);
      break;
    }
    case ArrowTypeId::kLargeBinary:
    case ArrowTypeId::kLargeUtf8: {
      add_validity(array, offset, length, null_count);
      auto [first, last] = add_offsets<int64_t>(array.buffers[1], offset, length);
      add_part(PartKind::kCopy, buffer_at(array, 2) + first, last - first);
      break;
    }
    case ArrowTypeId::kBinaryView:
    case ArrowTypeId::kUtf8View:
      add_validity(array, offset, length, null_count);
      add_view_buffers(array, offset, length);
      break;
    case ArrowTypeId::kList:
    case ArrowTypeId::kMap: {
      add_validity(array, offset, length, null_count);
      auto [first, last] = add_offsets<int32_t>(array.buffers[1], offset, length);
      add_child(0, first, last - first);
      break;
    }
    case ArrowTypeId::kLargeList: {
      add_validity(array, offset, length, null_count);
      auto [first, last] = add_offsets<int64_t>(array.buffers[1], offset, length);
      add_child(0, first, last - first);
      break;
    }
    case ArrowTypeId::kListView:
    case ArrowTypeId::kLargeListView: {
      // Views may point anywhere in the child, so the child goes whole and the views unchanged.
      const int64_t width = type.id == ArrowTypeId::kListView ? 4 : 8;
      add_validity(array, offset, length, null_count);
      add_fixed(array.buffers[1], offset, length, width);
      add_fixed(array.buffers[2], offset, length, width);
      add_child(0, 0, array.children[0]->length);
      break;
    }
    case ArrowTypeId::kFixedSizeList:
      add_validity(array, offset, length, null_count);
      add_child(0, offset * type.fixed_size, length * type.fixed_size);
      break;
    case ArrowTypeId::kStruct:
      add_validity(array, offset, length, null_count);
      for (size_t i = 0; i < children.size(); ++i) add_child(i, offset, length);
      break;
    case ArrowTypeId::kSparseUnion:
      add_fixed(array.buffers[0], offset, length, 1);
      for (size_t i = 0; i < children.size(); ++i) add_child(i, offset, length);
      break;
    case ArrowTypeId::kDenseUnion:
      add_fixed(array.buffers[0], offset, length, 1);
      add_fixed(array.buffers[1], offset, length, 4);
      for (size_t i = 0; i < children.size(); ++i) add_child(i, 0, array.children[i]->length);
      break;
    default:
      add_validity(array, offset, length, null_count);
      add_fixed(array.buffers[1], offset, length, type.fixed_byte_width());
      break;
  }
}

void IpcBody::add_validity(const ArrowArray& array, int64_t offset, int64_t length, int64_t null_count) {
  if (null_count == 0) {
    add_part(PartKind::kCopy, nullptr, 0);
  } else {
    add_bitmap(array.buffers[0], offset, length);
  }
}

void IpcBody::add_bitmap(const void* bitmap, int64_t offset, int64_t length) {
  const int64_t bytes = (length + 7) / 8;
  if (bytes > 0 && bitmap == nullptr) throw ArrowIpcError("Arrow IPC: a bitmap buffer is missing");
  const uint8_t* first_byte = static_cast<const uint8_t*>(bitmap) + offset / 8;
  if (bytes == 0) {
    add_part(PartKind::kCopy, nullptr, 0);
  } else if (offset % 8 == 0) {
    add_part(PartKind::kBitmap, first_byte, bytes, 0, length);
  } else {
    add_part(PartKind::kShiftedBitmap, first_byte, bytes, offset % 8, length);
  }
}

void IpcBody::add_fixed(const void* data, int64_t offset, int64_t length, int64_t byte_width) {
  const int64_t bytes = length * byte_width;
  if (bytes > 0 && data == nullptr) throw ArrowIpcError("Arrow IPC: a data buffer is missing");
  add_part(PartKind::kCopy, bytes > 0 ? static_cast<const uint8_t*>(data) + offset * byte_width : nullptr,
           bytes);
}

template <class OffsetType>
std::pair<int64_t, int64_t> IpcBody::add_offsets(const void* data, int64_t offset, int64_t length) {
  if (length == 0) {
    add_part(PartKind::kZeros, nullptr, sizeof(OffsetType));
    return {0, 0};
  }
  if (data == nullptr) throw ArrowIpcError("Arrow IPC: an offsets buffer is missing");
  const OffsetType* offsets = static_cast<const OffsetType*>(data) + offset;
  const int64_t first = offsets[0];
  const int64_t last = offsets[length];
  const int64_t bytes = (length + 1) * static_cast<int64_t>(sizeof(OffsetType));
  if (first == 0) {
    add_part(PartKind::kCopy, offsets, bytes);
  } else {
    add_part(sizeof(OffsetType) == 4 ? PartKind::kRebasedOffsets32 : PartKind::kRebasedOffsets64, offsets,
             bytes, first);
  }
  return {first, last};
}

void IpcBody::add_view_buffers(const ArrowArray& array, int64_t offset, int64_t length) {
  add_fixed(array.buffers[1], offset, length, 16);
  // Views refer to variadic buffers by index, so every variadic buffer goes whole.
  const int64_t variadic = array.n_buffers - 3;
  const auto* sizes = static_cast<const int64_t*>(array.buffers[array.n_buffers - 1]);
  if (variadic > 0 && sizes == nullptr) throw ArrowIpcError("Arrow IPC: variadic buffer sizes are missing");
  for (int64_t i = 0; i < variadic; ++i) add_part(PartKind::kCopy, buffer_at(array, 2 + i), sizes[i]);
  variadic_counts_.push_back(variadic);
}

void IpcBody::add_part(PartKind kind, const void* data, int64_t bytes, int64_t shift_or_base, int64_t bits) {
  buffers_.push_back({size_, bytes});
  parts_.push_back({kind, static_cast<const uint8_t*>(data), bytes, shift_or_base, bits});
  size_ += padded(bytes);
}

namespace {

void write_shifted_bitmap(const uint8_t* source, int64_t bits, int shift, char* out) {
  const int64_t bytes = (bits + 7) / 8;
  // The source may end a byte earlier than reading source[i + 1] for every output byte assumes.
  const int64_t source_bytes = (shift + bits + 7) / 8;
  for (int64_t i = 0; i < bytes; ++i) {
    unsigned next = i + 1 < source_bytes ? source[i + 1] : 0;
    out[i] = static_cast<char>(((source[i] >> shift) | (next << (8 - shift))) & 0xFF);
  }
}

// Bits past the end of a bitmap are left over from the source; clearing them makes equal data encode
// to equal bytes.
void clear_trailing_bits(int64_t bits, std::string& out) {
  if (bits % 8 != 0) out.back() = static_cast<char>(out.back() & ((1 << (bits % 8)) - 1));
}

template <class OffsetType>
void write_rebased_offsets(const uint8_t* source, int64_t bytes, OffsetType base, char* out) {
  const int64_t count = bytes / static_cast<int64_t>(sizeof(OffsetType));
  for (int64_t i = 0; i < count; ++i) {
    OffsetType value;
    std::memcpy(&value, source + i * sizeof(OffsetType), sizeof(value));
    value -= base;
    std::memcpy(out + i * sizeof(OffsetType), &value, sizeof(value));
  }
}

}  // namespace

void IpcBody::write(std::string& out) const {
  for (const Part& part : parts_) {
    const size_t at = out.size();
    switch (part.kind) {
      case PartKind::kCopy:
        if (part.bytes > 0)
          out.append(reinterpret_cast<const char*>(part.data), static_cast<size_t>(part.bytes));
        break;
      case PartKind::kZeros:
        out.append(static_cast<size_t>(part.bytes), '\0');
        break;
      case PartKind::kBitmap:
        out.append(reinterpret_cast<const char*>(part.data), static_cast<size_t>(part.bytes));
        clear_trailing_bits(part.bits, out);
        break;
      case PartKind::kShiftedBitmap:
        out.resize(at + part.bytes);
        write_shifted_bitmap(part.data, part.bits, static_cast<int>(part.shift_or_base), out.data() + at);
        clear_trailing_bits(part.bits, out);
        break;
      case PartKind::kRebasedOffsets32:
        out.resize(at + part.bytes);
        write_rebased_offsets<int32_t>(part.data, part.bytes, static_cast<int32_t>(part.shift_or_base),
                                       out.data() + at);
        break;
      case PartKind::kRebasedOffsets64:
        out.resize(at + part.bytes);
        write_rebased_offsets<int64_t>(part.data, part.bytes, part.shift_or_base, out.data() + at);
        break;
    }
    out.append(static_cast<size_t>(padded(part.bytes) - part.bytes), '\0');
  }
}

}  // namespace duckwire::encode
