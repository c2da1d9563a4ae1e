#pragma once
// PostgreSQL's text output for what value_text.hpp does not already spell its way: floats, bytea and
// the quoting of array elements.

#include <string>
#include <string_view>

namespace duckwire::encode::pg {

// float8out/float4out: with extra_float_digits >= 1 the shortest text that reads back exactly, fixed
// notation for decimal exponents -4 .. 14 (float4: -4 .. 5), else "1e+16"; with extra_float_digits
// <= 0, 15 + n (float4: 6 + n) significant digits as printf's %g. "NaN", "Infinity", "-Infinity".
void append_float8(std::string& out, double value, int extra_float_digits);
void append_float4(std::string& out, float value, int extra_float_digits);

// bytea_output hex: "\x0a0b".
void append_bytea_hex(std::string& out, std::string_view bytes);

// One array element's text as array_out writes it: double-quoted (with '"' and '\' escaped) when it is
// empty, the word NULL in any case, or holds braces, a comma, a quote, a backslash or white space.
void append_array_element(std::string& out, std::string_view text);

}  // namespace duckwire::encode::pg
