#include "clients/quack/text_width.hpp"

#include <cstdint>

#include "util/utf8.hpp"

namespace duckwire::quack_client {
namespace {

struct Range {
  uint32_t first;
  uint32_t last;
};

constexpr Range kZeroWidth[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A}, {0x064B, 0x065F},
    {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF},
    {0x200B, 0x200F}, {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
};

constexpr Range kWide[] = {
    {0x1100, 0x115F}, {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},
    {0xA000, 0xA4CF}, {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE30, 0xFE4F},   {0xFF00, 0xFF60},
    {0xFFE0, 0xFFE6}, {0x1F300, 0x1F64F}, {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

template <size_t N>
bool in(const Range (&ranges)[N], uint32_t code) {
  for (const Range& range : ranges) {
    if (code >= range.first && code <= range.last) return true;
  }
  return false;
}

uint32_t code_point(const uint8_t* p, size_t length) {
  if (length == 1) return p[0];
  uint32_t code = p[0] & (0xFF >> (length + 1));
  for (size_t i = 1; i < length; ++i) code = code << 6 | (p[i] & 0x3F);
  return code;
}

}  // namespace

size_t display_width(std::string_view text) {
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const auto* end = p + text.size();
  size_t width = 0;
  while (p < end) {
    if (*p < 0x80) {
      ++width;
      ++p;
      continue;
    }
    size_t invalid = 0;
    const size_t length = utf8_sequence_length(p, end, invalid);
    if (length == 0) {
      width += invalid;
      p += invalid;
      continue;
    }
    const uint32_t code = code_point(p, length);
    if (!in(kZeroWidth, code)) width += in(kWide, code) ? 2 : 1;
    p += length;
  }
  return width;
}

}  // namespace duckwire::quack_client
