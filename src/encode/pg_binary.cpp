#include "encode/pg_binary.hpp"

#include <vector>

namespace duckwire::encode::pg {

namespace {

constexpr uint16_t kNumericPositive = 0x0000;
constexpr uint16_t kNumericNegative = 0x4000;
constexpr uint16_t kNumericNaN = 0xC000;
constexpr uint16_t kNumericPositiveInfinity = 0xD000;
constexpr uint16_t kNumericNegativeInfinity = 0xF000;

void append_numeric_header(std::string& out, int16_t ndigits, int16_t weight, uint16_t sign, int16_t dscale) {
  append_big_endian(out, ndigits);
  append_big_endian(out, weight);
  append_big_endian(out, sign);
  append_big_endian(out, dscale);
}

int digit_value(char c) {
  return c - '0';
}

}  // namespace

void append_numeric_binary(std::string& out, std::string_view text) {
  if (text == "NaN") return append_numeric_header(out, 0, 0, kNumericNaN, 0);
  if (text == "Infinity") return append_numeric_header(out, 0, 0, kNumericPositiveInfinity, 0);
  if (text == "-Infinity") return append_numeric_header(out, 0, 0, kNumericNegativeInfinity, 0);
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) text.remove_prefix(1);
  const size_t point = text.find('.');
  std::string_view integer = text.substr(0, point);
  const std::string_view fraction =
      point == std::string_view::npos ? std::string_view{} : text.substr(point + 1);
  while (!integer.empty() && integer[0] == '0') integer.remove_prefix(1);

  // Base-10000 groups aligned on the decimal point: the integer digits from the right, the fraction's
  // from the left (padded with zeros).
  const size_t integer_groups = (integer.size() + 3) / 4;
  const size_t count = integer_groups + (fraction.size() + 3) / 4;
  const size_t lead = integer_groups * 4 - integer.size();  // zeros before the first integer digit
  auto group = [&](size_t g) {
    int value = 0;
    for (size_t k = 0; k < 4; ++k) {
      const size_t position = g * 4 + k;
      int digit = 0;
      if (g < integer_groups) {
        digit = position < lead ? 0 : digit_value(integer[position - lead]);
      } else {
        const size_t at = position - integer_groups * 4;
        digit = at < fraction.size() ? digit_value(fraction[at]) : 0;
      }
      value = value * 10 + digit;
    }
    return static_cast<int16_t>(value);
  };
  size_t first = 0;
  while (first < count && group(first) == 0) ++first;
  size_t end = count;
  while (end > first && group(end - 1) == 0) --end;
  const auto dscale = static_cast<int16_t>(fraction.size());
  if (first == end) return append_numeric_header(out, 0, 0, kNumericPositive, dscale);
  const auto weight =
      static_cast<int16_t>(static_cast<int64_t>(integer_groups) - 1 - static_cast<int64_t>(first));
  append_numeric_header(out, static_cast<int16_t>(end - first), weight,
                        negative ? kNumericNegative : kNumericPositive, dscale);
  for (size_t g = first; g < end; ++g) append_big_endian(out, group(g));
}

std::optional<std::string> numeric_text_from_binary(std::string_view bytes, bool& truncated) {
  truncated = false;
  if (bytes.size() < 8) {
    truncated = true;
    return std::nullopt;
  }
  const auto ndigits = load_big_endian<int16_t>(bytes.data());
  const auto weight = load_big_endian<int16_t>(bytes.data() + 2);
  const auto sign = load_big_endian<uint16_t>(bytes.data() + 4);
  const auto dscale = load_big_endian<int16_t>(bytes.data() + 6);
  if (ndigits < 0 || dscale < 0 || dscale > 16383) return std::nullopt;
  if (bytes.size() < 8 + static_cast<size_t>(ndigits) * 2) {
    truncated = true;
    return std::nullopt;
  }
  if (sign == kNumericNaN) return std::string("NaN");
  if (sign == kNumericPositiveInfinity) return std::string("Infinity");
  if (sign == kNumericNegativeInfinity) return std::string("-Infinity");
  if (sign != kNumericPositive && sign != kNumericNegative) return std::nullopt;
  std::vector<int> digits(static_cast<size_t>(ndigits));
  for (int i = 0; i < ndigits; ++i) {
    digits[static_cast<size_t>(i)] = load_big_endian<int16_t>(bytes.data() + 8 + 2 * i);
    if (digits[static_cast<size_t>(i)] < 0 || digits[static_cast<size_t>(i)] >= 10000) return std::nullopt;
  }
  // Group g (from 0) holds the base-10000 digit of weight `weight - g`.
  auto group = [&](int w) {
    return w <= weight && weight - w < ndigits ? digits[static_cast<size_t>(weight - w)] : 0;
  };
  std::string text;
  if (sign == kNumericNegative) text.push_back('-');
  bool leading = true;
  for (int w = std::max<int>(weight, 0); w >= 0; --w) {
    const int value = group(w);
    char four[4] = {static_cast<char>('0' + value / 1000), static_cast<char>('0' + value / 100 % 10),
                    static_cast<char>('0' + value / 10 % 10), static_cast<char>('0' + value % 10)};
    for (char c : four) {
      if (leading && c == '0') continue;
      leading = false;
      text.push_back(c);
    }
  }
  if (leading) text.push_back('0');
  if (dscale > 0) {
    text.push_back('.');
    for (int d = 0; d < dscale; ++d) {
      const int w = -1 - d / 4;
      const int value = group(w);
      static constexpr int kPowers[4] = {1000, 100, 10, 1};
      text.push_back(static_cast<char>('0' + value / kPowers[d % 4] % 10));
    }
  }
  if (text == "-0" || (text.starts_with("-") && text.find_first_not_of("-0.") == std::string::npos)) {
    text.erase(0, 1);
  }
  return text;
}

}  // namespace duckwire::encode::pg
