#pragma once
// Reading text cells of Arrow string columns in tests.

#include <cstdint>
#include <cstring>
#include <string>

#include "arrow/c_data.hpp"

namespace duckwire {

// Row `row` of a string column (Arrow format "u" or "U") as text; "NULL" for null.
inline std::string string_at(const ArrowArray& column, const char* format, int64_t row) {
  const int64_t index = column.offset + row;
  const auto* validity = static_cast<const uint8_t*>(column.buffers[0]);
  if (validity != nullptr && (validity[index / 8] & (1 << (index % 8))) == 0) return "NULL";
  const char* data = static_cast<const char*>(column.buffers[2]);
  if (std::strcmp(format, "U") == 0) {
    const auto* offsets = static_cast<const int64_t*>(column.buffers[1]);
    return std::string(data + offsets[index], offsets[index + 1] - offsets[index]);
  }
  if (std::strcmp(format, "u") != 0) return "(not text)";
  const auto* offsets = static_cast<const int32_t*>(column.buffers[1]);
  return std::string(data + offsets[index], offsets[index + 1] - offsets[index]);
}

}  // namespace duckwire
