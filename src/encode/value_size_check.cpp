#include "encode/value_size_check.hpp"

#include <fmt/format.h>

#include <cstring>
#include <string_view>

namespace duckwire::encode {

namespace {

template <class Offset>
uint64_t largest_by_offsets(const ArrowArray& array) {
  const auto* offsets = static_cast<const Offset*>(array.buffers[1]);
  if (offsets == nullptr || array.length == 0) return 0;
  uint64_t largest = 0;
  for (int64_t i = array.offset; i < array.offset + array.length; ++i) {
    const auto size = static_cast<uint64_t>(offsets[i + 1] - offsets[i]);
    if (size > largest) largest = size;
  }
  return largest;
}

// A view is 16 bytes whose first 4 hold the value's length.
uint64_t largest_view(const ArrowArray& array) {
  const auto* views = static_cast<const unsigned char*>(array.buffers[1]);
  if (views == nullptr) return 0;
  uint64_t largest = 0;
  for (int64_t i = array.offset; i < array.offset + array.length; ++i) {
    int32_t size = 0;
    std::memcpy(&size, views + 16 * i, sizeof size);
    if (size > 0 && static_cast<uint64_t>(size) > largest) largest = static_cast<uint64_t>(size);
  }
  return largest;
}

// The size of the largest string or blob in `array` and its children.
uint64_t largest_value(const ArrowSchema& schema, const ArrowArray& array) {
  uint64_t largest = 0;
  const std::string_view format = schema.format;
  if (format == "u" || format == "z") {
    largest = largest_by_offsets<int32_t>(array);
  } else if (format == "U" || format == "Z") {
    largest = largest_by_offsets<int64_t>(array);
  } else if (format == "vu" || format == "vz") {
    largest = largest_view(array);
  }
  for (int64_t i = 0; i < array.n_children && i < schema.n_children; ++i) {
    const uint64_t child = largest_value(*schema.children[i], *array.children[i]);
    if (child > largest) largest = child;
  }
  if (array.dictionary != nullptr && schema.dictionary != nullptr) {
    const uint64_t dictionary = largest_value(*schema.dictionary, *array.dictionary);
    if (dictionary > largest) largest = dictionary;
  }
  return largest;
}

}  // namespace

std::optional<Error> find_oversized_value(const ArrowSchema& schema, const ArrowArray& chunk,
                                          uint64_t limit) {
  for (int64_t column = 0; column < chunk.n_children && column < schema.n_children; ++column) {
    const ArrowSchema& field = *schema.children[column];
    const uint64_t largest = largest_value(field, *chunk.children[column]);
    if (largest > limit) {
      return Error{
          ErrorKind::kInvalidInput,
          fmt::format("a value of column \"{}\" is {} bytes, more than the server sends in one value "
                      "({} bytes, --max-result-value-bytes)",
                      field.name == nullptr ? "" : field.name, largest, limit)};
    }
  }
  return std::nullopt;
}

}  // namespace duckwire::encode
