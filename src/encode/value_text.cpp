#include "encode/value_text.hpp"

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <vector>

#include "util/utf8.hpp"

namespace duckwire::encode {

namespace {

struct UnitScale {
  int64_t per_second;
  int fraction_digits;
};

constexpr UnitScale scale_of(TimePrecision unit) {
  switch (unit) {
    case TimePrecision::kSecond:
      return {1, 0};
    case TimePrecision::kMilli:
      return {1'000, 3};
    case TimePrecision::kMicro:
      return {1'000'000, 6};
    case TimePrecision::kNano:
      return {1'000'000'000, 9};
  }
  return {1, 0};
}

// Floor division, so that times before the epoch land on the previous day.
int64_t floor_div(int64_t value, int64_t divisor) {
  int64_t quotient = value / divisor;
  if (value % divisor != 0 && value < 0) --quotient;
  return quotient;
}

char* write_unsigned(char* p, uint64_t value) {
  return std::to_chars(p, p + 20, value).ptr;
}

// At least `width` digits, zero padded.
char* write_padded(char* p, uint64_t value, int width) {
  char digits[20];
  char* end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  for (int n = static_cast<int>(end - digits); n < width; ++n) *p++ = '0';
  std::memcpy(p, digits, end - digits);
  return p + (end - digits);
}

char* write_two(char* p, uint64_t value) {
  *p++ = static_cast<char>('0' + value / 10);
  *p++ = static_cast<char>('0' + value % 10);
  return p;
}

// ".970062" from a fraction of `digits` digits, trailing zeros trimmed; nothing when zero.
char* write_fraction(char* p, uint64_t fraction, int digits) {
  if (fraction == 0) return p;
  while (fraction % 10 == 0) {
    fraction /= 10;
    --digits;
  }
  *p++ = '.';
  return write_padded(p, fraction, digits);
}

char* write_infinity(char* p, bool negative) {
  const char* text = negative ? "-infinity" : "infinity";
  const size_t size = negative ? 9 : 8;
  std::memcpy(p, text, size);
  return p + size;
}

char* write_month_day(char* p, const CivilDate& date) {
  *p++ = '-';
  p = write_two(p, date.month);
  *p++ = '-';
  return write_two(p, date.day);
}

// "2001-01-01" or "0045-03-15 (BC)" when `bc_suffix`; the suffix is written by the caller's choice
// so timestamps can place it after the date part.
char* write_duckdb_date(char* p, int64_t days, bool& before_christ) {
  const CivilDate date = civil_from_days(days);
  before_christ = date.year <= 0;
  const uint64_t year =
      before_christ ? static_cast<uint64_t>(1 - date.year) : static_cast<uint64_t>(date.year);
  p = write_padded(p, year, 4);
  return write_month_day(p, date);
}

char* write_bc_suffix(char* p) {
  std::memcpy(p, " (BC)", 5);
  return p + 5;
}

char* write_iso_date(char* p, int64_t days) {
  const CivilDate date = civil_from_days(days);
  if (date.year < 0) *p++ = '-';
  const uint64_t year = date.year < 0 ? static_cast<uint64_t>(-date.year) : static_cast<uint64_t>(date.year);
  p = write_padded(p, year, 4);
  return write_month_day(p, date);
}

// Time of day (or any non-negative duration below ~10^11 hours) in `unit`.
char* write_time_of_day(char* p, uint64_t value, UnitScale scale) {
  const uint64_t seconds = value / static_cast<uint64_t>(scale.per_second);
  const uint64_t fraction = value % static_cast<uint64_t>(scale.per_second);
  p = write_padded(p, seconds / 3600, 2);
  *p++ = ':';
  p = write_two(p, (seconds / 60) % 60);
  *p++ = ':';
  p = write_two(p, seconds % 60);
  return write_fraction(p, fraction, scale.fraction_digits);
}

struct SplitTimestamp {
  int64_t days;
  uint64_t time_of_day;  // in the timestamp's unit
};

SplitTimestamp split_timestamp(int64_t value, UnitScale scale) {
  const int64_t per_day = scale.per_second * kSecondsPerDay;
  const int64_t days = floor_div(value, per_day);
  return {days, static_cast<uint64_t>(value - days * per_day)};
}

void append_chars(std::string& out, const char* begin, const char* end) {
  out.append(begin, end - begin);
}

// 128-bit magnitude as decimal digits written backwards from `end`; returns the first digit.
char* write_uint128_backwards(char* end, uint128_t value) {
  constexpr uint64_t kChunk = 10'000'000'000'000'000'000ULL;  // 10^19
  char* p = end;
  while (value > UINT64_MAX) {
    uint64_t low = static_cast<uint64_t>(value % kChunk);
    value /= kChunk;
    for (int i = 0; i < 19; ++i) {
      *--p = static_cast<char>('0' + low % 10);
      low /= 10;
    }
  }
  uint64_t rest = static_cast<uint64_t>(value);
  do {
    *--p = static_cast<char>('0' + rest % 10);
    rest /= 10;
  } while (rest != 0);
  return p;
}

void append_scaled(std::string& out, bool negative, uint128_t magnitude, uint8_t scale) {
  char buffer[96];
  char* end = buffer + sizeof buffer;
  char* digits = write_uint128_backwards(end, magnitude);
  // Pad to at least scale + 1 digits so there is a digit before the point.
  while (end - digits < static_cast<std::ptrdiff_t>(scale) + 1 && digits > buffer + 1) *--digits = '0';
  if (negative) out.push_back('-');
  if (scale == 0) {
    append_chars(out, digits, end);
    return;
  }
  append_chars(out, digits, end - scale);
  out.push_back('.');
  append_chars(out, end - scale, end);
}

uint128_t magnitude_of(int128_t value) {
  return value < 0 ? uint128_t{0} - static_cast<uint128_t>(value) : static_cast<uint128_t>(value);
}

// Magnitude of a signed 64-bit value, valid for INT64_MIN too.
uint64_t magnitude_of(int64_t value) {
  return value < 0 ? uint64_t{0} - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
}

struct IntervalParts {
  int32_t years;
  int32_t months;
  int32_t days;
  int64_t micros;
};

IntervalParts parts_of(const Interval& interval) {
  return {interval.months / 12, interval.months % 12, interval.days, interval.micros};
}

// "04:05:06.5" from the magnitude of an interval's time part.
char* write_interval_clock(char* p, uint64_t micros) {
  return write_time_of_day(p, micros, scale_of(TimePrecision::kMicro));
}

char* write_signed(char* p, int64_t value) {
  return std::to_chars(p, p + 21, value).ptr;
}

char* write_text(char* p, std::string_view text) {
  std::memcpy(p, text.data(), text.size());
  return p + text.size();
}

}  // namespace

namespace {

// A date with `bc_suffix` after years before 1 AD; the infinities as DuckDB and PostgreSQL spell them.
void append_date_with_era(std::string& out, int32_t days, std::string_view bc_suffix) {
  char buffer[48];
  char* p = buffer;
  if (is_infinite_date(days)) {
    p = write_infinity(p, days < 0);
  } else {
    bool before_christ = false;
    p = write_duckdb_date(p, days, before_christ);
    if (before_christ) p = write_text(p, bc_suffix);
  }
  append_chars(out, buffer, p);
}

}  // namespace

void append_date(std::string& out, int32_t days) {
  append_date_with_era(out, days, " (BC)");
}

namespace {

char* write_utc_offset_postgres(char* p, int32_t seconds) {
  *p++ = seconds < 0 ? '-' : '+';
  const uint64_t magnitude = magnitude_of(int64_t{seconds});
  p = write_two(p, magnitude / 3600);
  if (magnitude % 3600 == 0) return p;
  *p++ = ':';
  p = write_two(p, magnitude / 60 % 60);
  if (magnitude % 60 == 0) return p;
  *p++ = ':';
  return write_two(p, magnitude % 60);
}

// The timestamp, then the offset when given, then " BC" for years before 1 AD.
void append_timestamp_postgres(std::string& out, int64_t micros, const int32_t* utc_offset_seconds) {
  char buffer[80];
  char* p = buffer;
  if (is_infinite_timestamp(micros)) {
    p = write_infinity(p, micros < 0);
  } else {
    const UnitScale scale = scale_of(TimePrecision::kMicro);
    const int64_t local =
        micros + (utc_offset_seconds != nullptr ? *utc_offset_seconds * kMicrosPerSecond : 0);
    const SplitTimestamp split = split_timestamp(local, scale);
    bool before_christ = false;
    p = write_duckdb_date(p, split.days, before_christ);
    *p++ = ' ';
    p = write_time_of_day(p, split.time_of_day, scale);
    if (utc_offset_seconds != nullptr) p = write_utc_offset_postgres(p, *utc_offset_seconds);
    if (before_christ) p = write_text(p, " BC");
  }
  append_chars(out, buffer, p);
}

}  // namespace

void append_date_postgres(std::string& out, int32_t days) {
  append_date_with_era(out, days, " BC");
}

void append_timestamp_postgres(std::string& out, int64_t micros) {
  append_timestamp_postgres(out, micros, nullptr);
}

void append_timestamptz_postgres(std::string& out, int64_t utc_micros, int32_t utc_offset_seconds) {
  append_timestamp_postgres(out, utc_micros, &utc_offset_seconds);
}

void append_utc_offset_postgres(std::string& out, int32_t seconds) {
  char buffer[16];
  append_chars(out, buffer, write_utc_offset_postgres(buffer, seconds));
}

void append_date_iso(std::string& out, int32_t days) {
  char buffer[48];
  char* p = is_infinite_date(days) ? write_infinity(buffer, days < 0) : write_iso_date(buffer, days);
  append_chars(out, buffer, p);
}

void append_time(std::string& out, int64_t value, TimePrecision unit) {
  char buffer[48];
  char* p = buffer;
  if (value < 0) *p++ = '-';
  p = write_time_of_day(p, magnitude_of(value), scale_of(unit));
  append_chars(out, buffer, p);
}

void append_timestamp(std::string& out, int64_t value, TimePrecision unit) {
  char buffer[64];
  char* p = buffer;
  if (is_infinite_timestamp(value)) {
    p = write_infinity(p, value < 0);
  } else {
    const UnitScale scale = scale_of(unit);
    const SplitTimestamp split = split_timestamp(value, scale);
    bool before_christ = false;
    p = write_duckdb_date(p, split.days, before_christ);
    if (before_christ) p = write_bc_suffix(p);
    *p++ = ' ';
    p = write_time_of_day(p, split.time_of_day, scale);
  }
  append_chars(out, buffer, p);
}

void append_timestamp_utc_offset(std::string& out, int64_t value, TimePrecision unit) {
  append_timestamp(out, value, unit);
  if (!is_infinite_timestamp(value)) out.append("+00");
}

void append_timestamp_rfc3339(std::string& out, int64_t value, TimePrecision unit) {
  char buffer[64];
  char* p = buffer;
  if (is_infinite_timestamp(value)) {
    p = write_infinity(p, value < 0);
  } else {
    const UnitScale scale = scale_of(unit);
    const SplitTimestamp split = split_timestamp(value, scale);
    p = write_iso_date(p, split.days);
    *p++ = 'T';
    p = write_time_of_day(p, split.time_of_day, scale);
    *p++ = 'Z';
  }
  append_chars(out, buffer, p);
}

void append_interval_iso8601(std::string& out, const Interval& interval) {
  if (interval.months == 0 && interval.days == 0 && interval.micros == 0) {
    out.append("PT0S");
    return;
  }
  // One leading minus when no component is positive; otherwise each component carries its sign.
  const bool all_negative = interval.months <= 0 && interval.days <= 0 && interval.micros <= 0;
  const IntervalParts parts = parts_of(interval);
  char buffer[128];
  char* p = buffer;
  if (all_negative) *p++ = '-';
  *p++ = 'P';
  auto component = [&](int64_t value, char designator) {
    if (value == 0) return;
    if (value < 0 && !all_negative) *p++ = '-';
    p = write_unsigned(p, magnitude_of(value));
    *p++ = designator;
  };
  component(parts.years, 'Y');
  component(parts.months, 'M');
  component(parts.days, 'D');
  if (parts.micros != 0) {
    *p++ = 'T';
    const uint64_t micros = magnitude_of(parts.micros);
    const bool negative_time = parts.micros < 0 && !all_negative;
    auto time_component = [&](uint64_t value, char designator) {
      if (value == 0) return;
      if (negative_time) *p++ = '-';
      p = write_unsigned(p, value);
      *p++ = designator;
    };
    time_component(micros / kMicrosPerHour, 'H');
    time_component(micros / kMicrosPerMinute % 60, 'M');
    const uint64_t seconds = micros / kMicrosPerSecond % 60;
    const uint64_t fraction = micros % kMicrosPerSecond;
    if (seconds != 0 || fraction != 0) {
      if (negative_time) *p++ = '-';
      p = write_unsigned(p, seconds);
      p = write_fraction(p, fraction, 6);
      *p++ = 'S';
    }
  }
  append_chars(out, buffer, p);
}

void append_interval_postgres(std::string& out, const Interval& interval) {
  const IntervalParts parts = parts_of(interval);
  char buffer[160];
  char* p = buffer;
  bool nothing_written = true;
  bool previous_negative = false;
  auto component = [&](int32_t value, std::string_view unit) {
    if (value == 0) return;
    if (!nothing_written) *p++ = ' ';
    if (previous_negative && value > 0) *p++ = '+';
    p = write_signed(p, value);
    *p++ = ' ';
    p = write_text(p, unit);
    if (value != 1) *p++ = 's';
    previous_negative = value < 0;
    nothing_written = false;
  };
  component(parts.years, "year");
  component(parts.months, "mon");
  component(parts.days, "day");
  if (nothing_written || parts.micros != 0) {
    if (!nothing_written) *p++ = ' ';
    if (parts.micros < 0) {
      *p++ = '-';
    } else if (previous_negative) {
      *p++ = '+';
    }
    p = write_interval_clock(p, magnitude_of(parts.micros));
  }
  append_chars(out, buffer, p);
}

void append_interval_duckdb(std::string& out, const Interval& interval) {
  const IntervalParts parts = parts_of(interval);
  char buffer[160];
  char* p = buffer;
  bool nothing_written = true;
  auto component = [&](int32_t value, std::string_view unit) {
    if (value == 0) return;
    if (!nothing_written) *p++ = ' ';
    p = write_signed(p, value);
    *p++ = ' ';
    p = write_text(p, unit);
    if (value != 1 && value != -1) *p++ = 's';
    nothing_written = false;
  };
  component(parts.years, "year");
  component(parts.months, "month");
  component(parts.days, "day");
  if (nothing_written || parts.micros != 0) {
    if (!nothing_written) *p++ = ' ';
    if (parts.micros < 0) *p++ = '-';
    p = write_interval_clock(p, magnitude_of(parts.micros));
  }
  append_chars(out, buffer, p);
}

void append_int128(std::string& out, int128_t value) {
  char buffer[48];
  char* end = buffer + sizeof buffer;
  char* digits = write_uint128_backwards(end, magnitude_of(value));
  if (value < 0) *--digits = '-';
  append_chars(out, digits, end);
}

void append_uint128(std::string& out, uint128_t value) {
  char buffer[48];
  char* end = buffer + sizeof buffer;
  append_chars(out, write_uint128_backwards(end, value), end);
}

void append_decimal(std::string& out, int16_t value, uint8_t scale) {
  append_decimal(out, static_cast<int64_t>(value), scale);
}

void append_decimal(std::string& out, int32_t value, uint8_t scale) {
  append_decimal(out, static_cast<int64_t>(value), scale);
}

void append_decimal(std::string& out, int64_t value, uint8_t scale) {
  append_scaled(out, value < 0, magnitude_of(value), scale);
}

void append_decimal(std::string& out, int128_t value, uint8_t scale) {
  append_scaled(out, value < 0, magnitude_of(value), scale);
}

void append_shortest_digits(std::string& out, std::string_view scientific, int fixed_below) {
  const size_t e = scientific.find('e');
  int exponent = 0;
  const size_t exponent_at = scientific[e + 1] == '+' ? e + 2 : e + 1;
  std::from_chars(scientific.data() + exponent_at, scientific.data() + scientific.size(), exponent);
  if (exponent < -4 || exponent >= fixed_below) {
    out.append(scientific);
    return;
  }
  size_t at = 0;
  if (scientific[0] == '-') out.push_back(scientific[at++]);
  char digits[24];
  int count = 0;
  for (; at < e; ++at) {
    if (scientific[at] != '.') digits[count++] = scientific[at];
  }
  if (exponent < 0) {
    out.append("0.");
    out.append(static_cast<size_t>(-exponent - 1), '0');
    out.append(digits, static_cast<size_t>(count));
    return;
  }
  const int integer_digits = exponent + 1;
  if (count <= integer_digits) {
    out.append(digits, static_cast<size_t>(count));
    out.append(static_cast<size_t>(integer_digits - count), '0');
    return;
  }
  out.append(digits, static_cast<size_t>(integer_digits));
  out.push_back('.');
  out.append(digits + integer_digits, static_cast<size_t>(count - integer_digits));
}

namespace {

template <class T>
void append_floating_duckdb(std::string& out, T value) {
  if (std::isnan(value)) {
    out.append(std::signbit(value) ? "-nan" : "nan");
    return;
  }
  if (std::isinf(value)) {
    out.append(value < 0 ? "-inf" : "inf");
    return;
  }
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  const size_t start = out.size();
  append_shortest_digits(out, std::string_view(buffer, static_cast<size_t>(result.ptr - buffer)), 16);
  if (out.find_first_of(".e", start) == std::string::npos) out.append(".0");
}

}  // namespace

void append_double_duckdb(std::string& out, double value) {
  append_floating_duckdb(out, value);
}

void append_float_duckdb(std::string& out, float value) {
  append_floating_duckdb(out, value);
}

void append_blob_duckdb(std::string& out, std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (const char c : bytes) {
    const auto byte = static_cast<uint8_t>(c);
    if (byte >= 0x20 && byte <= 0x7E && c != '\\' && c != '\'' && c != '"') {
      out.push_back(c);
      continue;
    }
    const char escape[4] = {'\\', 'x', kHex[byte >> 4], kHex[byte & 15]};
    out.append(escape, sizeof escape);
  }
}

void append_uuid(std::string& out, const uint8_t* bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  char buffer[36];
  char* p = buffer;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) *p++ = '-';
    *p++ = kHex[bytes[i] >> 4];
    *p++ = kHex[bytes[i] & 15];
  }
  out.append(buffer, sizeof buffer);
}

void append_bit_string(std::string& out, std::string_view storage) {
  if (storage.empty()) return;
  const size_t padding = static_cast<uint8_t>(storage[0]);
  const size_t total_bits = (storage.size() - 1) * 8;
  for (size_t bit = padding; bit < total_bits; ++bit) {
    const auto byte = static_cast<uint8_t>(storage[1 + bit / 8]);
    out.push_back((byte >> (7 - bit % 8) & 1) != 0 ? '1' : '0');
  }
}

void append_bignum(std::string& out, std::string_view storage) {
  constexpr size_t kHeaderSize = 3;
  if (storage.size() <= kHeaderSize) {
    out.push_back('0');
    return;
  }
  const bool negative = (static_cast<uint8_t>(storage[0]) & 0x80) == 0;
  const uint8_t flip = negative ? 0xFF : 0x00;
  std::string_view magnitude = storage.substr(kHeaderSize);
  if (magnitude.size() <= 16) {
    uint128_t value = 0;
    for (char byte : magnitude) value = value << 8 | (static_cast<uint8_t>(byte) ^ flip);
    if (negative && value != 0) out.push_back('-');
    append_uint128(out, value);
    return;
  }
  // Schoolbook division by 10^9 over the big-endian bytes, collecting base-10^9 limbs.
  std::vector<uint8_t> dividend(magnitude.size());
  for (size_t i = 0; i < magnitude.size(); ++i) dividend[i] = static_cast<uint8_t>(magnitude[i]) ^ flip;
  std::vector<uint32_t> limbs;
  size_t first = 0;
  while (first < dividend.size()) {
    uint64_t remainder = 0;
    for (size_t i = first; i < dividend.size(); ++i) {
      const uint64_t current = remainder << 8 | dividend[i];
      dividend[i] = static_cast<uint8_t>(current / 1'000'000'000);
      remainder = current % 1'000'000'000;
    }
    limbs.push_back(static_cast<uint32_t>(remainder));
    while (first < dividend.size() && dividend[first] == 0) ++first;
  }
  while (limbs.size() > 1 && limbs.back() == 0) limbs.pop_back();
  if (negative && !(limbs.size() == 1 && limbs[0] == 0)) out.push_back('-');
  char buffer[24];
  char* p = write_unsigned(buffer, limbs.back());
  append_chars(out, buffer, p);
  for (size_t i = limbs.size() - 1; i-- > 0;) append_chars(out, buffer, write_padded(buffer, limbs[i], 9));
}

namespace {

// True when any of the 8 bytes is a control character, '"', '\\' or non-ASCII.
bool needs_attention(uint64_t word) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighBits = 0x8080808080808080ULL;
  auto has_zero_byte = [](uint64_t v) { return (v - kOnes) & ~v & kHighBits; };
  const uint64_t below_space = (word - kOnes * 0x20) & ~word & kHighBits;
  return (below_space | has_zero_byte(word ^ (kOnes * '"')) | has_zero_byte(word ^ (kOnes * '\\')) |
          (word & kHighBits)) != 0;
}

}  // namespace

void append_json_escaped(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const auto* end = p + text.size();
  const auto* run = p;
  while (p < end) {
    if (end - p >= 8) {
      uint64_t word;
      std::memcpy(&word, p, 8);
      if (!needs_attention(word)) {
        p += 8;
        continue;
      }
    }
    const uint8_t c = *p;
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++p;
      continue;
    }
    size_t consumed = 1;
    if (c >= 0x80) {
      const size_t valid = utf8_sequence_length(p, end, consumed);
      if (valid != 0) {
        p += valid;
        continue;
      }
    }
    out.append(reinterpret_cast<const char*>(run), p - run);
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      default:
        if (c < 0x20) {
          const char escape[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
          out.append(escape, 6);
        } else {
          out.append("\xEF\xBF\xBD");  // U+FFFD
        }
    }
    p += consumed;
    run = p;
  }
  out.append(reinterpret_cast<const char*>(run), p - run);
}

void append_json_string(std::string& out, std::string_view text) {
  out.push_back('"');
  append_json_escaped(out, text);
  out.push_back('"');
}

}  // namespace duckwire::encode
