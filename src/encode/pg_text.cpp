#include "encode/pg_text.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "encode/value_text.hpp"
#include "util/ascii.hpp"

namespace duckwire::encode::pg {

namespace {

bool append_non_finite(std::string& out, double value) {
  if (std::isnan(value)) {
    out.append("NaN");
  } else if (std::isinf(value)) {
    out.append(value > 0 ? "Infinity" : "-Infinity");
  } else {
    return false;
  }
  return true;
}

template <class T>
void append_float(std::string& out, T value, int extra_float_digits, int fixed_below, int digits) {
  if (append_non_finite(out, static_cast<double>(value))) return;
  char buffer[64];
  if (extra_float_digits > 0) {
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
    append_shortest_digits(out, std::string_view(buffer, result.ptr), fixed_below);
    return;
  }
  const int precision = std::max(1, digits + extra_float_digits);
  const int size = std::snprintf(buffer, sizeof buffer, "%.*g", precision, static_cast<double>(value));
  out.append(buffer, static_cast<size_t>(size));
}

bool needs_quotes(std::string_view text) {
  if (text.empty() || equals_ignoring_case(text, "NULL")) return true;
  for (char c : text) {
    switch (c) {
      case '{':
      case '}':
      case ',':
      case '"':
      case '\\':
      case ' ':
      case '\t':
      case '\n':
      case '\r':
      case '\v':
      case '\f':
        return true;
      default:
        break;
    }
  }
  return false;
}

}  // namespace

void append_float8(std::string& out, double value, int extra_float_digits) {
  append_float(out, value, extra_float_digits, 15, 15);
}

void append_float4(std::string& out, float value, int extra_float_digits) {
  append_float(out, value, extra_float_digits, 6, 6);
}

void append_bytea_hex(std::string& out, std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  const size_t start = out.size();
  out.resize(start + 2 + bytes.size() * 2);
  char* p = out.data() + start;
  *p++ = '\\';
  *p++ = 'x';
  for (char byte : bytes) {
    const auto b = static_cast<unsigned char>(byte);
    *p++ = kHex[b >> 4];
    *p++ = kHex[b & 15];
  }
}

void append_array_element(std::string& out, std::string_view text) {
  if (!needs_quotes(text)) {
    out.append(text);
    return;
  }
  out.push_back('"');
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

}  // namespace duckwire::encode::pg
