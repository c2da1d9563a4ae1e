#include "encode/arrow_values.hpp"

#include "util/unaligned.hpp"

namespace duckwire::encode {

std::string_view bytes_at(const ArrowArray& array, int64_t physical, ValueStorage storage, uint8_t width) {
  switch (storage) {
    case ValueStorage::kOffsets32: {
      const auto* offsets = static_cast<const int32_t*>(array.buffers[1]);
      const auto* data = static_cast<const char*>(array.buffers[2]);
      return {data + offsets[physical], static_cast<size_t>(offsets[physical + 1] - offsets[physical])};
    }
    case ValueStorage::kOffsets64: {
      const auto* offsets = static_cast<const int64_t*>(array.buffers[1]);
      const auto* data = static_cast<const char*>(array.buffers[2]);
      return {data + offsets[physical], static_cast<size_t>(offsets[physical + 1] - offsets[physical])};
    }
    case ValueStorage::kViews: {
      const auto* view = static_cast<const char*>(array.buffers[1]) + physical * 16;
      const auto size = load_unaligned<int32_t>(view);
      if (size <= 12) return {view + 4, static_cast<size_t>(size)};
      const auto buffer = load_unaligned<int32_t>(view + 8);
      const auto offset = load_unaligned<int32_t>(view + 12);
      return {static_cast<const char*>(array.buffers[2 + buffer]) + offset, static_cast<size_t>(size)};
    }
    default:
      return {static_cast<const char*>(array.buffers[1]) + physical * width, width};
  }
}

std::pair<int64_t, int64_t> list_range(const ArrowArray& array, int64_t physical, ValueStorage storage) {
  switch (storage) {
    case ValueStorage::kOffsets64: {
      const auto* offsets = static_cast<const int64_t*>(array.buffers[1]);
      return {offsets[physical], offsets[physical + 1]};
    }
    case ValueStorage::kListViews32: {
      const auto begin = static_cast<const int32_t*>(array.buffers[1])[physical];
      return {begin, begin + static_cast<const int32_t*>(array.buffers[2])[physical]};
    }
    case ValueStorage::kListViews64: {
      const auto begin = static_cast<const int64_t*>(array.buffers[1])[physical];
      return {begin, begin + static_cast<const int64_t*>(array.buffers[2])[physical]};
    }
    default: {
      const auto* offsets = static_cast<const int32_t*>(array.buffers[1]);
      return {offsets[physical], offsets[physical + 1]};
    }
  }
}

int64_t dictionary_index_at(const ArrowArray& array, int64_t physical, uint8_t width, bool is_signed) {
  const char* address = static_cast<const char*>(array.buffers[1]) + physical * width;
  switch (width) {
    case 1:
      return is_signed ? load_unaligned<int8_t>(address) : load_unaligned<uint8_t>(address);
    case 2:
      return is_signed ? load_unaligned<int16_t>(address) : load_unaligned<uint16_t>(address);
    case 8:
      return load_unaligned<int64_t>(address);
    default:
      return is_signed ? load_unaligned<int32_t>(address) : load_unaligned<uint32_t>(address);
  }
}

}  // namespace duckwire::encode
