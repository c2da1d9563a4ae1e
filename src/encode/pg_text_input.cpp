#include "encode/pg_text_input.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>

#include "encode/pg_time_zone.hpp"
#include "encode/value_text.hpp"
#include "util/ascii.hpp"
#include "util/calendar.hpp"
#include "util/int128.hpp"

namespace duckwire::encode::pg {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

Error out_of_range(std::string_view text, std::string_view sql_name) {
  return Error{ErrorKind::kConversion,
               "value \"" + std::string(text) + "\" is out of range for type " + std::string(sql_name)};
}

// A cursor over text being parsed; every read checks the end.
struct Scanner {
  std::string_view text;
  size_t at = 0;

  bool done() const { return at >= text.size(); }
  char peek() const { return done() ? '\0' : text[at]; }
  bool take(char c) {
    if (peek() != c || done()) return false;
    ++at;
    return true;
  }
  void skip_spaces() {
    while (!done() && is_space(text[at])) ++at;
  }
  // Up to `max_digits` digits as a number; nullopt when there is none.
  std::optional<int64_t> number(size_t max_digits = 18) {
    const size_t start = at;
    int64_t value = 0;
    while (!done() && is_digit(text[at]) && at - start < max_digits) value = value * 10 + (text[at++] - '0');
    if (at == start) return std::nullopt;
    return value;
  }
  // A fraction's digits after the point as microseconds, rounded half up.
  int64_t fraction_micros() {
    int64_t micros = 0;
    int digits = 0;
    bool round_up = false;
    while (!done() && is_digit(text[at])) {
      if (digits < 6) {
        micros = micros * 10 + (text[at] - '0');
      } else if (digits == 6) {
        round_up = text[at] >= '5';
      }
      ++digits;
      ++at;
    }
    for (; digits < 6; ++digits) micros *= 10;
    return micros + (round_up ? 1 : 0);
  }
  bool take_word(std::string_view word) {
    if (text.size() - at < word.size() || !equals_ignoring_case(text.substr(at, word.size()), word))
      return false;
    at += word.size();
    return true;
  }
};

// "12:34[:56[.789]]" as microseconds; hours of up to `hour_digits` digits. nullopt when malformed.
std::optional<int64_t> scan_clock_micros(Scanner& in, size_t hour_digits) {
  const auto hours = in.number(hour_digits);
  if (!hours || !in.take(':')) return std::nullopt;
  const auto minutes = in.number(2);
  if (!minutes || *minutes > 59) return std::nullopt;
  int64_t seconds = 0;
  int64_t fraction = 0;
  if (in.take(':')) {
    const auto whole = in.number(2);
    if (!whole || *whole > 60) return std::nullopt;
    seconds = *whole;
    if (in.take('.')) fraction = in.fraction_micros();
  }
  return (*hours * 3600 + *minutes * 60 + seconds) * kMicrosPerSecond + fraction;
}

// A time of day, 24:00:00 at the most.
std::optional<int64_t> scan_clock(Scanner& in) {
  const auto micros = scan_clock_micros(in, 2);
  if (!micros || *micros > kMicrosPerDay) return std::nullopt;
  return micros;
}

// "+05", "-0530", "+05:30", "+05:30:15", "Z" as seconds east of UTC.
std::optional<int32_t> scan_offset(Scanner& in) {
  if (in.take('Z') || in.take('z')) return 0;
  const char sign = in.peek();
  if (sign != '+' && sign != '-') return std::nullopt;
  ++in.at;
  const auto hours = in.number(2);
  if (!hours) return std::nullopt;
  int64_t minutes = 0;
  int64_t seconds = 0;
  const bool colon = in.take(':');
  if (colon || is_digit(in.peek())) {
    const auto m = in.number(2);
    if (!m) return std::nullopt;
    minutes = *m;
    if (in.take(':') || (!colon && is_digit(in.peek()))) {
      const auto s = in.number(2);
      if (!s) return std::nullopt;
      seconds = *s;
    }
  }
  if (*hours > 15 || minutes > 59 || seconds > 59) return std::nullopt;
  const auto magnitude = static_cast<int32_t>(*hours * 3600 + minutes * 60 + seconds);
  return sign == '-' ? -magnitude : magnitude;
}

struct DateTimeFields {
  int64_t days = 0;  // since 1970-01-01
  std::optional<int64_t> micros;
  std::optional<int32_t> offset;
  int special = 0;  // 1: infinity, -1: -infinity
};

// The ISO 8601 forms of date, timestamp and timestamptz input; nullopt for anything else.
std::optional<DateTimeFields> scan_date_time(std::string_view text) {
  DateTimeFields fields;
  const std::string_view trimmed = trim(text);
  if (equals_ignoring_case(trimmed, "infinity") || equals_ignoring_case(trimmed, "+infinity")) {
    fields.special = 1;
    return fields;
  }
  if (equals_ignoring_case(trimmed, "-infinity")) {
    fields.special = -1;
    return fields;
  }
  if (equals_ignoring_case(trimmed, "epoch")) {
    fields.micros = 0;
    return fields;
  }
  Scanner in{trimmed};
  const auto year = in.number(9);
  if (!year || !in.take('-')) return std::nullopt;
  const auto month = in.number(2);
  if (!month || !in.take('-')) return std::nullopt;
  const auto day = in.number(2);
  if (!day) return std::nullopt;
  bool before_christ = false;
  if (in.take('T') || in.take('t') ||
      (in.peek() == ' ' && in.at + 1 < trimmed.size() && is_digit(trimmed[in.at + 1]))) {
    if (in.peek() == ' ') ++in.at;
    fields.micros = scan_clock(in);
    if (!fields.micros) return std::nullopt;
    in.skip_spaces();
    if (in.peek() == '+' || in.peek() == '-' || in.peek() == 'Z' || in.peek() == 'z') {
      fields.offset = scan_offset(in);
      if (!fields.offset) return std::nullopt;
    }
  }
  in.skip_spaces();
  if (in.take_word("BC")) {
    before_christ = true;
  } else {
    in.take_word("AD");
  }
  in.skip_spaces();
  if (!in.done() || *year == 0) return std::nullopt;
  const CivilDate date{before_christ ? 1 - *year : *year, static_cast<unsigned>(*month),
                       static_cast<unsigned>(*day)};
  if (!is_valid_date(date)) return std::nullopt;
  fields.days = days_from_civil(date);
  return fields;
}

// Local wall-clock microseconds in `zone` as UTC microseconds. A local time that occurs twice (the
// autumn overlap) or never (the spring gap) takes the later of its readings, as PostgreSQL does.
int64_t local_to_utc(int64_t local, const TimeZone& zone) {
  const int32_t candidates[] = {zone.utc_offset_at(local - kMicrosPerDay), zone.utc_offset_at(local),
                                zone.utc_offset_at(local + kMicrosPerDay)};
  std::optional<int64_t> latest_valid;
  int64_t latest = INT64_MIN;
  for (int32_t offset : candidates) {
    const int64_t utc = local - offset * kMicrosPerSecond;
    latest = std::max(latest, utc);
    if (zone.utc_offset_at(utc) == offset) latest_valid = std::max(latest_valid.value_or(INT64_MIN), utc);
  }
  return latest_valid.value_or(latest);
}

bool parse_decimal_digits(std::string_view text, bool& negative, std::string& digits, int& scale) {
  Scanner in{text};
  negative = in.take('-');
  if (!negative) in.take('+');
  digits.clear();
  scale = 0;
  bool any = false;
  bool point = false;
  while (!in.done()) {
    const char c = in.peek();
    if (is_digit(c)) {
      digits.push_back(c);
      if (point) ++scale;
      any = true;
    } else if (c == '.' && !point) {
      point = true;
    } else {
      break;
    }
    ++in.at;
  }
  if (!any) return false;
  if (in.take('e') || in.take('E')) {
    const bool exponent_negative = in.take('-');
    if (!exponent_negative) in.take('+');
    const auto exponent = in.number(4);
    if (!exponent || *exponent > 1000) return false;
    if (exponent_negative) {
      scale += static_cast<int>(*exponent);
    } else if (*exponent <= scale) {
      scale -= static_cast<int>(*exponent);
    } else {
      digits.append(static_cast<size_t>(*exponent - scale), '0');
      scale = 0;
    }
  }
  return in.done();
}

}  // namespace

Error invalid_syntax(std::string_view sql_name, std::string_view text) {
  return Error{ErrorKind::kConversion,
               "invalid input syntax for type " + std::string(sql_name) + ": \"" + std::string(text) + "\""};
}

Result<bool> parse_boolean(std::string_view text) {
  const std::string_view value = trim(text);
  auto prefix_of = [&](std::string_view word, size_t at_least) {
    return value.size() >= at_least && value.size() <= word.size() &&
           equals_ignoring_case(value, word.substr(0, value.size()));
  };
  if (prefix_of("true", 1) || prefix_of("yes", 1) || prefix_of("on", 2) || value == "1") return true;
  if (prefix_of("false", 1) || prefix_of("no", 1) || prefix_of("off", 2) || value == "0") return false;
  return invalid_syntax("boolean", text);
}

Result<int64_t> parse_integer(std::string_view text, int bits, std::string_view sql_name) {
  const std::string_view value = trim(text);
  std::string_view digits = value;
  const bool negative = !digits.empty() && digits[0] == '-';
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) digits.remove_prefix(1);
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), is_digit))
    return invalid_syntax(sql_name, text);
  uint64_t magnitude = 0;
  const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude);
  const uint64_t limit = (uint64_t{1} << (bits - 1)) - (negative ? 0 : 1);
  if (result.ec != std::errc() || magnitude > limit) return out_of_range(text, sql_name);
  return negative ? static_cast<int64_t>(uint64_t{0} - magnitude) : static_cast<int64_t>(magnitude);
}

Result<int64_t> parse_oid(std::string_view text) {
  const std::string_view value = trim(text);
  const bool negative = !value.empty() && value[0] == '-';
  auto parsed = parse_integer(text, 64, "oid");
  if (!parsed.ok())
    return parsed.error().message.starts_with("value") ? out_of_range(text, "oid") : parsed.error();
  const int64_t number = parsed.value();
  if (number > 4294967295LL || number < -2147483648LL) return out_of_range(text, "oid");
  // oidin reads negative numbers as their unsigned 32-bit pattern, for compatibility.
  return negative ? number + 4294967296LL : number;
}

Result<double> parse_float(std::string_view text, bool single_precision) {
  const std::string_view sql_name = single_precision ? "real" : "double precision";
  std::string_view value = trim(text);
  const bool negative = !value.empty() && value[0] == '-';
  std::string_view unsigned_part = value;
  if (!unsigned_part.empty() && (unsigned_part[0] == '+' || unsigned_part[0] == '-'))
    unsigned_part.remove_prefix(1);
  if (equals_ignoring_case(unsigned_part, "infinity") || equals_ignoring_case(unsigned_part, "inf")) {
    return negative ? -HUGE_VAL : HUGE_VAL;
  }
  if (equals_ignoring_case(value, "nan") || equals_ignoring_case(unsigned_part, "nan")) return std::nan("");
  if (value.empty() || value[0] == '+') value = unsigned_part;
  if (value.empty() || !(is_digit(value.back()) || value.back() == '.'))
    return invalid_syntax(sql_name, text);
  double parsed = 0;
  std::from_chars_result result{};
  if (single_precision) {
    float single = 0;
    result = std::from_chars(value.data(), value.data() + value.size(), single);
    parsed = single;
  } else {
    result = std::from_chars(value.data(), value.data() + value.size(), parsed);
  }
  if (result.ec == std::errc::result_out_of_range) {
    return Error{ErrorKind::kConversion,
                 "\"" + std::string(text) + "\" is out of range for type " + std::string(sql_name)};
  }
  if (result.ec != std::errc() || result.ptr != value.data() + value.size())
    return invalid_syntax(sql_name, text);
  return parsed;
}

Value numeric_value(std::string_view decimal_text) {
  bool negative = false;
  std::string digits;
  int scale = 0;
  if (!parse_decimal_digits(decimal_text, negative, digits, scale)) return Value{std::string(decimal_text)};
  const size_t first = std::min(digits.find_first_not_of('0'), digits.size());
  const std::string_view significant = std::string_view(digits).substr(first);
  const int integer_digits = std::max(0, static_cast<int>(significant.size()) - scale);
  const int width = std::max({integer_digits + scale, scale, 1});
  if (width > kMaxDecimalWidth) {
    // Too wide for DECIMAL: the normalized text, which DuckDB casts to the parameter's type.
    std::string text = negative ? "-" : "";
    const std::string_view all = digits;
    const size_t integer_end =
        all.size() - static_cast<size_t>(std::min<int>(scale, static_cast<int>(all.size())));
    std::string integer(all.substr(0, integer_end));
    integer.erase(0, std::min(integer.find_first_not_of('0'), integer.size()));
    text += integer.empty() ? "0" : integer;
    if (scale > 0) {
      text.push_back('.');
      text.append(static_cast<size_t>(std::max<int>(0, scale - static_cast<int>(all.size()))), '0');
      text.append(all.substr(integer_end));
    }
    return Value{text};
  }
  int128_t unscaled = 0;
  for (char c : significant) unscaled = unscaled * 10 + (c - '0');
  if (negative) unscaled = -unscaled;
  const Int128Halves halves = split_halves(unscaled);
  return Value{
      DecimalValue{static_cast<uint8_t>(width), static_cast<uint8_t>(scale), halves.upper, halves.lower}};
}

Result<Value> parse_numeric(std::string_view text) {
  const std::string_view value = trim(text);
  if (equals_ignoring_case(value, "nan")) return Value{std::string("NaN")};
  bool negative = false;
  std::string digits;
  int scale = 0;
  if (!parse_decimal_digits(value, negative, digits, scale)) {
    std::string_view unsigned_part = value;
    if (!unsigned_part.empty() && (unsigned_part[0] == '+' || unsigned_part[0] == '-'))
      unsigned_part.remove_prefix(1);
    if (equals_ignoring_case(unsigned_part, "infinity") || equals_ignoring_case(unsigned_part, "inf")) {
      return Value{std::string(value[0] == '-' ? "-Infinity" : "Infinity")};
    }
    return invalid_syntax("numeric", text);
  }
  return numeric_value(value);
}

Result<std::string> parse_bytea(std::string_view text) {
  std::string bytes;
  if (text.size() >= 2 && text[0] == '\\' && text[1] == 'x') {
    auto hex = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    for (size_t i = 2; i < text.size();) {
      if (is_space(text[i])) {
        ++i;
        continue;
      }
      const int high = hex(text[i]);
      if (high < 0) {
        return Error{ErrorKind::kConversion,
                     "invalid hexadecimal digit: \"" + std::string(1, text[i]) + "\""};
      }
      if (i + 1 >= text.size()) {
        return Error{ErrorKind::kConversion, "invalid hexadecimal data: odd number of digits"};
      }
      const int low = hex(text[i + 1]);
      if (low < 0) {
        return Error{ErrorKind::kConversion,
                     "invalid hexadecimal digit: \"" + std::string(1, text[i + 1]) + "\""};
      }
      bytes.push_back(static_cast<char>(high << 4 | low));
      i += 2;
    }
    return bytes;
  }
  auto octal = [](char c) { return c >= '0' && c <= '7'; };
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      bytes.push_back(text[i]);
    } else if (i + 1 < text.size() && text[i + 1] == '\\') {
      bytes.push_back('\\');
      ++i;
    } else if (i + 3 < text.size() + 0 && text[i + 1] >= '0' && text[i + 1] <= '3' && octal(text[i + 2]) &&
               octal(text[i + 3])) {
      bytes.push_back(
          static_cast<char>((text[i + 1] - '0') << 6 | (text[i + 2] - '0') << 3 | (text[i + 3] - '0')));
      i += 3;
    } else {
      return Error{ErrorKind::kConversion, "invalid input syntax for type bytea"};
    }
  }
  return bytes;
}

std::optional<DateValue> parse_date(std::string_view text) {
  const auto fields = scan_date_time(text);
  if (!fields) return std::nullopt;
  if (fields->special != 0) return DateValue{fields->special > 0 ? kDateInfinity : kDateNegativeInfinity};
  if (fields->days > INT32_MAX || fields->days < -INT32_MAX) return std::nullopt;
  return DateValue{static_cast<int32_t>(fields->days)};
}

std::optional<TimeValue> parse_time(std::string_view text) {
  Scanner in{trim(text)};
  const auto micros = scan_clock(in);
  if (!micros) return std::nullopt;
  in.skip_spaces();
  if (!in.done() && !scan_offset(in)) return std::nullopt;  // time_in ignores an offset
  if (!in.done()) return std::nullopt;
  return TimeValue{*micros};
}

std::optional<TimestampValue> parse_timestamp(std::string_view text, bool with_time_zone,
                                              const TextSettings& settings) {
  const auto fields = scan_date_time(text);
  if (!fields) return std::nullopt;
  if (fields->special != 0) {
    return TimestampValue{fields->special > 0 ? kTimestampInfinity : kTimestampNegativeInfinity,
                          with_time_zone};
  }
  int64_t local = 0;
  if (__builtin_mul_overflow(fields->days, kMicrosPerDay, &local) ||
      __builtin_add_overflow(local, fields->micros.value_or(0), &local) ||
      local >= kTimestampInfinity - kMicrosPerDay || local <= kTimestampNegativeInfinity + kMicrosPerDay) {
    return std::nullopt;  // beyond DuckDB's range: its cast reports it
  }
  if (!with_time_zone) return TimestampValue{local, false};  // timestamp_in ignores an offset
  if (fields->offset) return TimestampValue{local - *fields->offset * kMicrosPerSecond, true};
  auto zone = TimeZone::find(settings.time_zone);
  if (!zone.ok()) return std::nullopt;
  return TimestampValue{local_to_utc(local, zone.value()), true};
}

std::optional<IntervalValue> parse_interval(std::string_view text) {
  Scanner in{trim(text)};
  in.take('@');
  double months = 0;
  double days = 0;
  double micros = 0;
  bool any = false;
  bool ago = false;
  while (true) {
    in.skip_spaces();
    if (in.done()) break;
    if (in.take_word("ago")) {
      ago = true;
      in.skip_spaces();
      if (!in.done()) return std::nullopt;
      break;
    }
    const size_t start = in.at;
    const bool negative = in.take('-');
    if (!negative) in.take('+');
    // A clock "[-]HH:MM[:SS[.f]]" or a number with a unit.
    const size_t number_start = in.at;
    while (!in.done() && (is_digit(in.peek()) || in.peek() == '.')) ++in.at;
    if (in.at == number_start) return std::nullopt;
    if (in.peek() == ':') {
      in.at = number_start;
      // Hours may exceed two digits in interval clocks ("30:00:00").
      const auto clock_micros = scan_clock_micros(in, 9);
      if (!clock_micros) return std::nullopt;
      const auto clock = static_cast<double>(*clock_micros);
      micros += negative ? -clock : clock;
      any = true;
      continue;
    }
    double number = 0;
    const auto parsed = std::from_chars(in.text.data() + number_start, in.text.data() + in.at, number);
    if (parsed.ec != std::errc() || parsed.ptr != in.text.data() + in.at) return std::nullopt;
    if (negative) number = -number;
    in.skip_spaces();
    const size_t unit_start = in.at;
    while (!in.done() && std::isalpha(static_cast<unsigned char>(in.peek()))) ++in.at;
    std::string unit = ascii_lower(in.text.substr(unit_start, in.at - unit_start));
    if (unit.size() > 1 && unit.back() == 's' && unit != "ms" && unit != "us") unit.pop_back();
    if (unit == "year" || unit == "yr" || unit == "y") {
      months += number * 12;
    } else if (unit == "decade") {
      months += number * 120;
    } else if (unit == "century") {
      months += number * 1200;
    } else if (unit == "mon" || unit == "month") {
      months += number;
    } else if (unit == "week" || unit == "w") {
      days += number * 7;
    } else if (unit == "day" || unit == "d") {
      days += number;
    } else if (unit == "hour" || unit == "hr" || unit == "h") {
      micros += number * 3600e6;
    } else if (unit == "minute" || unit == "min" || unit == "m") {
      micros += number * 60e6;
    } else if (unit == "second" || unit == "sec" || unit == "s" || unit.empty()) {
      micros += number * 1e6;
    } else if (unit == "millisecond" || unit == "msec" || unit == "ms") {
      micros += number * 1e3;
    } else if (unit == "microsecond" || unit == "usec" || unit == "us") {
      micros += number;
    } else {
      in.at = start;
      return std::nullopt;
    }
    any = true;
  }
  if (!any) return std::nullopt;
  // Fractions spill into the smaller units as interval_in does: a month is 30 days, a day 24 hours.
  const double whole_months = std::trunc(months);
  days += (months - whole_months) * 30;
  const double whole_days = std::trunc(days);
  micros += (days - whole_days) * 86400e6;
  if (std::abs(whole_months) > INT32_MAX || std::abs(whole_days) > INT32_MAX || std::abs(micros) > 9.2e18) {
    return std::nullopt;
  }
  IntervalValue interval{static_cast<int32_t>(whole_months), static_cast<int32_t>(whole_days),
                         static_cast<int64_t>(std::llround(micros))};
  if (ago) interval = IntervalValue{-interval.months, -interval.days, -interval.micros};
  return interval;
}

}  // namespace duckwire::encode::pg
