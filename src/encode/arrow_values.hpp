#pragma once
// Reading values out of the Arrow C data arrays DuckDB produces: validity bits, variable-size bytes in
// each storage layout, list ranges and dictionary indices. Shared by the JSON and PostgreSQL value
// encoders.

#include <cstdint>
#include <string_view>
#include <utility>

#include "arrow/c_data.hpp"
#include "encode/value_text.hpp"
#include "util/unaligned.hpp"

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

// The data buffer of a fixed-width array, as values of T.
template <class T>
const T* values_of(const ArrowArray& array) {
  return static_cast<const T*>(array.buffers[1]);
}

// A time of day stored in `width` (4 or 8) bytes, in its format's unit.
inline int64_t time_at(const ArrowArray& array, int64_t physical, uint8_t width) {
  return width == 4 ? values_of<int32_t>(array)[physical] : values_of<int64_t>(array)[physical];
}

// A month-day-nanosecond interval, to microseconds.
inline Interval interval_at(const ArrowArray& array, int64_t physical) {
  const char* address = static_cast<const char*>(array.buffers[1]) + physical * 16;
  return Interval{load_unaligned<int32_t>(address), load_unaligned<int32_t>(address + 4),
                  load_unaligned<int64_t>(address + 8) / 1000};
}

// The bytes of the value at `physical` (the array's offset included); fixed-size values are `width` wide.
std::string_view bytes_at(const ArrowArray& array, int64_t physical, ValueStorage storage, uint8_t width);

// [begin, end) of a list's elements in its child array's logical positions.
std::pair<int64_t, int64_t> list_range(const ArrowArray& array, int64_t physical, ValueStorage storage);

// The dictionary index at `physical` of indices `width` bytes wide, signed or not.
int64_t dictionary_index_at(const ArrowArray& array, int64_t physical, uint8_t width, bool is_signed);

}  // namespace duckwire::encode
