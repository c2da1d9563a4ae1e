#pragma once
// Reading values out of the Arrow C data arrays DuckDB produces: validity bits, variable-size bytes in
// each storage layout, list ranges and dictionary indices. Shared by the JSON and PostgreSQL value
// encoders.

#include <cstdint>
#include <string_view>
#include <utility>

#include "arrow/c_data.hpp"

namespace duckwire::encode {

enum class ValueStorage : uint8_t {
  kFixed,      // one fixed-width data buffer (or bits for booleans)
  kOffsets32,  // variable-size: int32 offsets + data
  kOffsets64,  // int64 offsets + data
  kViews,      // 16-byte views + variadic data buffers
  kListViews32,
  kListViews64,
};

inline bool bit_is_set(const void* bitmap, int64_t position) {
  return (static_cast<const uint8_t*>(bitmap)[position >> 3] >> (position & 7) & 1) != 0;
}

// The bytes of the value at `physical` (the array's offset included); fixed-size values are `width` wide.
std::string_view bytes_at(const ArrowArray& array, int64_t physical, ValueStorage storage, uint8_t width);

// [begin, end) of a list's elements in its child array's logical positions.
std::pair<int64_t, int64_t> list_range(const ArrowArray& array, int64_t physical, ValueStorage storage);

// The dictionary index at `physical` of indices `width` bytes wide, signed or not.
int64_t dictionary_index_at(const ArrowArray& array, int64_t physical, uint8_t width, bool is_signed);

}  // namespace duckwire::encode
