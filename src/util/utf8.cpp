#include "util/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace duckwire {

bool is_valid_utf8(std::string_view text) {
  const auto* at = reinterpret_cast<const uint8_t*>(text.data());
  const uint8_t* end = at + text.size();
  while (at < end) {
    // Eight ASCII bytes at a time.
    if (end - at >= 8) {
      uint64_t word;
      std::memcpy(&word, at, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        at += 8;
        continue;
      }
    }
    const uint8_t lead = *at;
    if (lead < 0x80) {
      ++at;
      continue;
    }
    size_t invalid_length;
    const size_t length = utf8_sequence_length(at, end, invalid_length);
    if (length == 0) return false;
    at += length;
  }
  return true;
}

}  // namespace duckwire
