#include "protocols/pgwire/commands/backslash_escapes.hpp"

namespace duckwire::pgwire::commands {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int octal_digit(char c) {
  return c >= '0' && c <= '7' ? c - '0' : -1;
}

}  // namespace

size_t decode_backslash_escape(std::string_view raw, size_t at, std::string& out) {
  size_t i = at + 1;
  const char e = raw[i];
  switch (e) {
    case 'b':
      out += '\b';
      return i;
    case 'f':
      out += '\f';
      return i;
    case 'n':
      out += '\n';
      return i;
    case 'r':
      out += '\r';
      return i;
    case 't':
      out += '\t';
      return i;
    case 'v':
      out += '\v';
      return i;
    case 'x': {
      int value = 0;
      int digits = 0;
      while (digits < 2 && i + 1 < raw.size() && hex_digit(raw[i + 1]) >= 0) {
        value = value * 16 + hex_digit(raw[++i]);
        ++digits;
      }
      out += digits == 0 ? 'x' : static_cast<char>(value);
      return i;
    }
    default:
      break;
  }
  if (octal_digit(e) < 0) {
    out += e;
    return i;
  }
  int value = octal_digit(e);
  for (int digits = 1; digits < 3 && i + 1 < raw.size() && octal_digit(raw[i + 1]) >= 0; ++digits) {
    value = value * 8 + octal_digit(raw[++i]);
  }
  out += static_cast<char>(value);
  return i;
}

}  // namespace duckwire::pgwire::commands
