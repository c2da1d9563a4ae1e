#include "util/base64.hpp"

#include <array>

namespace duckwire {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr int8_t kInvalid = -1;

constexpr std::array<int8_t, 256> make_decode_table() {
  std::array<int8_t, 256> table{};
  table.fill(kInvalid);
  for (size_t i = 0; i < kAlphabet.size(); ++i) {
    table[static_cast<uint8_t>(kAlphabet[i])] = static_cast<int8_t>(i);
  }
  return table;
}

constexpr std::array<int8_t, 256> kDecodeTable = make_decode_table();

}  // namespace

void append_base64(std::string& out, std::string_view bytes) {
  const size_t start = out.size();
  out.resize(start + (bytes.size() + 2) / 3 * 4);
  char* p = out.data() + start;
  const auto* in = reinterpret_cast<const uint8_t*>(bytes.data());
  size_t remaining = bytes.size();
  for (; remaining >= 3; remaining -= 3, in += 3) {
    const uint32_t group = uint32_t{in[0]} << 16 | uint32_t{in[1]} << 8 | in[2];
    *p++ = kAlphabet[group >> 18];
    *p++ = kAlphabet[group >> 12 & 63];
    *p++ = kAlphabet[group >> 6 & 63];
    *p++ = kAlphabet[group & 63];
  }
  if (remaining > 0) {
    const uint32_t group = uint32_t{in[0]} << 16 | (remaining == 2 ? uint32_t{in[1]} << 8 : 0);
    *p++ = kAlphabet[group >> 18];
    *p++ = kAlphabet[group >> 12 & 63];
    *p++ = remaining == 2 ? kAlphabet[group >> 6 & 63] : '=';
    *p++ = '=';
  }
}

std::string base64_encode(std::span<const uint8_t> bytes) {
  return base64_encode(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

std::string base64_encode(std::string_view bytes) {
  std::string out;
  append_base64(out, bytes);
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
  if (padding > 0 && text.size() % 4 != 0) return std::nullopt;
  const std::string_view digits = text.substr(0, text.size() - padding);
  if (digits.size() % 4 == 1) return std::nullopt;

  std::string out;
  out.reserve(digits.size() / 4 * 3 + 2);
  uint32_t accumulator = 0;
  int bits = 0;
  for (const char c : digits) {
    const int8_t value = kDecodeTable[static_cast<uint8_t>(c)];
    if (value == kInvalid) return std::nullopt;
    accumulator = (accumulator << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((accumulator >> bits) & 0xff);
    }
  }
  // Leftover bits must be zero, or two different texts would decode to the same bytes.
  if ((accumulator & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

}  // namespace duckwire
