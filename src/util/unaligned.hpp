#pragma once
// Reads a value from memory that may not be aligned for it (flatbuffers, Arrow IPC bodies, C data
// buffers); compiles to a plain load.

#include <cstring>

namespace duckwire {

template <class T>
T load_unaligned(const void* at) {
  T value;
  std::memcpy(&value, at, sizeof(T));
  return value;
}

}  // namespace duckwire
