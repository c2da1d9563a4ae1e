#pragma once
// A minimal FlatBuffers builder, written from the FlatBuffers binary format: enough for Arrow IPC
// metadata (tables, scalars, strings, vectors of scalars, structs and tables).
//
// Like the reference builder it fills its buffer back to front, so an object must be finished
// before the object that refers to it is started: build children first, then their parent.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace duckwire::encode {

class FlatBufferBuilder {
 public:
  // A finished object, identified by its distance from the end of the buffer.
  using Ref = uint32_t;

  // Forgets everything built so far but keeps the memory for the next buffer.
  void clear();

  Ref add_string(std::string_view text);

  template <class T>
  Ref add_scalar_vector(std::span<const T> values) {
    static_assert(std::is_arithmetic_v<T>);
    return add_struct_vector(values.data(), values.size(), sizeof(T), alignof(T));
  }
  // `data` holds `count` structs of `struct_size` bytes each, already in little-endian layout.
  Ref add_struct_vector(const void* data, size_t count, size_t struct_size, size_t alignment);
  Ref add_ref_vector(std::span<const Ref> refs);

  // Only one table can be open at a time.
  void start_table();
  template <class T>
  void add_scalar(uint16_t field_id, T value) {
    static_assert(std::is_arithmetic_v<T>);
    align_for(sizeof(T), sizeof(T));
    std::memcpy(grow_front(sizeof(T)), &value, sizeof(T));
    table_fields_.emplace_back(field_id, size_);
  }
  void add_bool(uint16_t field_id, bool value) { add_scalar<uint8_t>(field_id, value ? 1 : 0); }
  void add_ref(uint16_t field_id, Ref ref);
  Ref end_table();

  // Writes the root offset; the returned bytes stay valid until the next call that modifies the builder.
  // Its size is a multiple of the largest alignment used.
  std::string_view finish(Ref root);

 private:
  uint8_t* grow_front(size_t bytes);
  void pad(size_t bytes);
  // Pads so that after `length` more bytes the front is aligned to `alignment`.
  void align_for(size_t length, size_t alignment);
  void push_offset_to(Ref ref);

  std::vector<uint8_t> buffer_;  // the data occupies the last size_ bytes
  size_t size_ = 0;
  size_t max_alignment_ = 1;
  size_t table_start_ = 0;
  std::vector<std::pair<uint16_t, uint32_t>> table_fields_;  // field id, position of its value
  std::vector<uint16_t> vtable_;
};

}  // namespace duckwire::encode
