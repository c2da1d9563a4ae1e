#pragma once
// A bounds-checked reader of FlatBuffers tables, written from the FlatBuffers binary format, for
// metadata that arrives from untrusted peers. Every offset is checked against the buffer before it
// is followed; a violation throws FlatBufferError (callers turn it into an error value).

#include <cstdint>
#include <cstring>
#include <span>
#include <stdexcept>
#include <string_view>
#include <type_traits>

namespace duckwire::encode {

class FlatBufferError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A vector of scalars or fixed-size structs inside the buffer.
struct FlatVector {
  const uint8_t* data = nullptr;
  uint32_t size = 0;  // elements
};

class FlatTable {
 public:
  // The root table of a finished buffer.
  static FlatTable root(std::span<const uint8_t> buffer);

  template <class T>
  T scalar(uint16_t field_id, T fallback) const {
    static_assert(std::is_arithmetic_v<T>);
    const uint16_t at = field_offset(field_id, sizeof(T));
    if (at == 0) return fallback;
    T value;
    std::memcpy(&value, base() + position_ + at, sizeof(T));
    return value;
  }
  bool has(uint16_t field_id) const { return field_offset(field_id, 4) != 0; }
  // The table, string or vector a field refers to; throws when absent.
  FlatTable table(uint16_t field_id) const;
  std::string_view string(uint16_t field_id, std::string_view fallback = {}) const;
  // Elements of `element_size` bytes; an absent field reads as an empty vector.
  FlatVector vector(uint16_t field_id, size_t element_size) const;
  // Element `index` of a vector of tables.
  FlatTable table_at(FlatVector tables, uint32_t index) const;

 private:
  FlatTable(std::span<const uint8_t> buffer, uint32_t position);
  const uint8_t* base() const { return buffer_.data(); }
  // Offset of a field's value inside the table, 0 when absent; checks `bytes` fit the table.
  uint16_t field_offset(uint16_t field_id, size_t bytes) const;
  // Follows the unsigned offset stored in a field; returns a position inside the buffer.
  uint32_t follow(uint16_t field_id) const;
  uint32_t follow_at(uint64_t slot) const;

  std::span<const uint8_t> buffer_;
  uint32_t position_ = 0;
  uint32_t vtable_ = 0;
  uint16_t vtable_size_ = 0;
  uint16_t table_size_ = 0;
};

}  // namespace duckwire::encode
