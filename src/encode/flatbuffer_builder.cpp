#include "encode/flatbuffer_builder.hpp"

#include <algorithm>
#include <cassert>

namespace duckwire::encode {

void FlatBufferBuilder::clear() {
  size_ = 0;
  max_alignment_ = 1;
  table_fields_.clear();
}

uint8_t* FlatBufferBuilder::grow_front(size_t bytes) {
  if (size_ + bytes > buffer_.size()) {
    size_t capacity = std::max({buffer_.size() * 2, size_ + bytes, size_t{256}});
    std::vector<uint8_t> bigger(capacity);
    if (size_ > 0)
      std::memcpy(bigger.data() + capacity - size_, buffer_.data() + buffer_.size() - size_, size_);
    buffer_.swap(bigger);
  }
  size_ += bytes;
  return buffer_.data() + buffer_.size() - size_;
}

void FlatBufferBuilder::pad(size_t bytes) {
  if (bytes > 0) std::memset(grow_front(bytes), 0, bytes);
}

void FlatBufferBuilder::align_for(size_t length, size_t alignment) {
  max_alignment_ = std::max(max_alignment_, alignment);
  pad((alignment - ((size_ + length) % alignment)) % alignment);
}

void FlatBufferBuilder::push_offset_to(Ref ref) {
  align_for(sizeof(uint32_t), sizeof(uint32_t));
  // Offsets are relative to their own position and always point forward (to older objects).
  uint32_t offset = static_cast<uint32_t>(size_ + sizeof(uint32_t) - ref);
  std::memcpy(grow_front(sizeof(offset)), &offset, sizeof(offset));
}

FlatBufferBuilder::Ref FlatBufferBuilder::add_string(std::string_view text) {
  align_for(text.size() + 1, sizeof(uint32_t));
  pad(1);  // NUL terminator
  if (!text.empty()) std::memcpy(grow_front(text.size()), text.data(), text.size());
  uint32_t length = static_cast<uint32_t>(text.size());
  std::memcpy(grow_front(sizeof(length)), &length, sizeof(length));
  return static_cast<Ref>(size_);
}

FlatBufferBuilder::Ref FlatBufferBuilder::add_struct_vector(const void* data, size_t count,
                                                            size_t struct_size, size_t alignment) {
  size_t bytes = count * struct_size;
  align_for(bytes, sizeof(uint32_t));
  align_for(bytes, alignment);
  if (bytes > 0) std::memcpy(grow_front(bytes), data, bytes);
  uint32_t length = static_cast<uint32_t>(count);
  std::memcpy(grow_front(sizeof(length)), &length, sizeof(length));
  return static_cast<Ref>(size_);
}

FlatBufferBuilder::Ref FlatBufferBuilder::add_ref_vector(std::span<const Ref> refs) {
  align_for(refs.size() * sizeof(uint32_t), sizeof(uint32_t));
  for (size_t i = refs.size(); i-- > 0;) push_offset_to(refs[i]);
  uint32_t length = static_cast<uint32_t>(refs.size());
  std::memcpy(grow_front(sizeof(length)), &length, sizeof(length));
  return static_cast<Ref>(size_);
}

void FlatBufferBuilder::start_table() {
  assert(table_fields_.empty());
  table_start_ = size_;
}

void FlatBufferBuilder::add_ref(uint16_t field_id, Ref ref) {
  push_offset_to(ref);
  table_fields_.emplace_back(field_id, size_);
}

FlatBufferBuilder::Ref FlatBufferBuilder::end_table() {
  // The table starts with a signed offset to its vtable, patched once the vtable is placed.
  align_for(sizeof(int32_t), sizeof(int32_t));
  int32_t placeholder = 0;
  std::memcpy(grow_front(sizeof(placeholder)), &placeholder, sizeof(placeholder));
  const size_t table = size_;

  uint16_t field_count = 0;
  for (const auto& [id, position] : table_fields_) field_count = std::max<uint16_t>(field_count, id + 1);
  std::vector<uint16_t>& vtable = vtable_;
  vtable.assign(2 + field_count, 0);
  vtable[0] = static_cast<uint16_t>(vtable.size() * sizeof(uint16_t));
  vtable[1] = static_cast<uint16_t>(table - table_start_);
  for (const auto& [id, position] : table_fields_) vtable[2 + id] = static_cast<uint16_t>(table - position);
  table_fields_.clear();

  const size_t vtable_bytes = vtable.size() * sizeof(uint16_t);
  std::memcpy(grow_front(vtable_bytes), vtable.data(), vtable_bytes);
  // The vtable sits just before the table: table address minus this value.
  int32_t to_vtable = static_cast<int32_t>(size_ - table);
  std::memcpy(buffer_.data() + buffer_.size() - table, &to_vtable, sizeof(to_vtable));
  return static_cast<Ref>(table);
}

std::string_view FlatBufferBuilder::finish(Ref root) {
  align_for(sizeof(uint32_t), max_alignment_);
  push_offset_to(root);
  return {reinterpret_cast<const char*>(buffer_.data() + buffer_.size() - size_), size_};
}

}  // namespace duckwire::encode
