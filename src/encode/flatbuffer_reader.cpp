#include "encode/flatbuffer_reader.hpp"

#include <string>

#include "util/unaligned.hpp"

namespace duckwire::encode {
namespace {

[[noreturn]] void malformed(const std::string& what) {
  throw FlatBufferError("malformed flatbuffer: " + what);
}

}  // namespace

FlatTable FlatTable::root(std::span<const uint8_t> buffer) {
  if (buffer.size() < 8) malformed("buffer too small");
  if (buffer.size() > UINT32_MAX) malformed("buffer too large");
  return FlatTable(buffer, load_unaligned<uint32_t>(buffer.data()));
}

FlatTable::FlatTable(std::span<const uint8_t> buffer, uint32_t position)
    : buffer_(buffer), position_(position) {
  const uint64_t size = buffer_.size();
  if (uint64_t{position_} + 4 > size) malformed("table out of bounds");
  const int64_t vtable = int64_t{position_} - load_unaligned<int32_t>(base() + position_);
  if (vtable < 0 || static_cast<uint64_t>(vtable) + 4 > size) malformed("vtable out of bounds");
  vtable_ = static_cast<uint32_t>(vtable);
  vtable_size_ = load_unaligned<uint16_t>(base() + vtable_);
  table_size_ = load_unaligned<uint16_t>(base() + vtable_ + 2);
  if (vtable_size_ < 4 || vtable_size_ % 2 != 0 || uint64_t{vtable_} + vtable_size_ > size) {
    malformed("bad vtable size");
  }
  if (table_size_ < 4 || uint64_t{position_} + table_size_ > size) malformed("bad table size");
}

uint16_t FlatTable::field_offset(uint16_t field_id, size_t bytes) const {
  const uint32_t slot = 4 + 2 * uint32_t{field_id};
  if (slot + 2 > vtable_size_) return 0;
  const uint16_t at = load_unaligned<uint16_t>(base() + vtable_ + slot);
  if (at == 0) return 0;
  if (at < 4 || at + bytes > table_size_)
    malformed("field " + std::to_string(field_id) + " out of its table");
  return at;
}

uint32_t FlatTable::follow_at(uint64_t slot) const {
  const uint64_t target = slot + load_unaligned<uint32_t>(base() + slot);
  if (target + 4 > buffer_.size()) malformed("offset out of bounds");
  return static_cast<uint32_t>(target);
}

uint32_t FlatTable::follow(uint16_t field_id) const {
  const uint16_t at = field_offset(field_id, 4);
  if (at == 0) malformed("required field " + std::to_string(field_id) + " is absent");
  return follow_at(uint64_t{position_} + at);
}

FlatTable FlatTable::table(uint16_t field_id) const {
  return FlatTable(buffer_, follow(field_id));
}

std::string_view FlatTable::string(uint16_t field_id, std::string_view fallback) const {
  if (field_offset(field_id, 4) == 0) return fallback;
  const uint32_t at = follow(field_id);
  const uint32_t length = load_unaligned<uint32_t>(base() + at);
  if (uint64_t{at} + 4 + length > buffer_.size()) malformed("string out of bounds");
  return {reinterpret_cast<const char*>(base() + at + 4), length};
}

FlatVector FlatTable::vector(uint16_t field_id, size_t element_size) const {
  if (field_offset(field_id, 4) == 0) return {};
  const uint32_t at = follow(field_id);
  const uint32_t count = load_unaligned<uint32_t>(base() + at);
  if (uint64_t{at} + 4 + uint64_t{count} * element_size > buffer_.size()) malformed("vector out of bounds");
  return FlatVector{base() + at + 4, count};
}

FlatTable FlatTable::table_at(FlatVector tables, uint32_t index) const {
  if (index >= tables.size) malformed("vector index out of bounds");
  const uint64_t slot = static_cast<uint64_t>(tables.data - base()) + 4 * uint64_t{index};
  return FlatTable(buffer_, follow_at(slot));
}

}  // namespace duckwire::encode
