#pragma once
// Reading a file piece by piece through its descriptor (blocking).

#include <cstddef>
#include <cstdint>
#include <string>

#include "util/error.hpp"

namespace duckwire {

// `bytes` bytes of `fd` from `offset` (short reads retried); an ErrorKind::kIo naming the reason
// when they cannot all be read.
Result<std::string> read_at(int fd, uint64_t offset, size_t bytes);

}  // namespace duckwire
