#pragma once
// UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace duckwire {

bool is_valid_utf8(std::string_view text);

// Length of the well-formed UTF-8 sequence at `p` (Unicode table 3-7), or 0 with `invalid_length`
// set to the maximal prefix that could have started a valid sequence (at least 1). Needs p < end.
inline size_t utf8_sequence_length(const uint8_t* p, const uint8_t* end, size_t& invalid_length) {
  const uint8_t lead = p[0];
  size_t length;
  uint8_t second_low = 0x80, second_high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_low = 0xA0;
    if (lead == 0xED) second_high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_low = 0x90;
    if (lead == 0xF4) second_high = 0x8F;
  } else {
    invalid_length = 1;
    return 0;
  }
  size_t i = 1;
  for (; i < length && p + i < end; ++i) {
    const uint8_t low = i == 1 ? second_low : 0x80;
    const uint8_t high = i == 1 ? second_high : 0xBF;
    if (p[i] < low || p[i] > high) break;
  }
  if (i == length) return length;
  invalid_length = i;
  return 0;
}

}  // namespace duckwire
