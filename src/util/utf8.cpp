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
    int extra;
    uint8_t low = 0x80;  // bounds of the second byte, which rule out overlongs and surrogates
    uint8_t high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      extra = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      extra = 2;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      extra = 3;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      return false;
    }
    if (end - at <= extra) return false;
    if (at[1] < low || at[1] > high) return false;
    for (int i = 2; i <= extra; ++i) {
      if ((at[i] & 0xC0) != 0x80) return false;
    }
    at += extra + 1;
  }
  return true;
}

}  // namespace duckwire
