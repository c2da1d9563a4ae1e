#include "protocols/jsonrpc/xsd_values.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <utility>

#include "encode/value_text.hpp"
#include "util/base64.hpp"
#include "util/calendar.hpp"
#include "util/int128.hpp"

namespace duckwire::jsonrpc {

namespace {

constexpr size_t kMaxFractionDigits = 9;

struct XsdName {
  std::string_view local_name;
  XsdType type;
};

constexpr std::array<XsdName, 7> kXsdNames{{
    {"date", XsdType::kDate},
    {"dateTime", XsdType::kDateTime},
    {"time", XsdType::kTime},
    {"duration", XsdType::kDuration},
    {"base64Binary", XsdType::kBase64Binary},
    {"integer", XsdType::kInteger},
    {"decimal", XsdType::kDecimal},
}};

Error refused(std::string reason = {}) {
  return Error{ErrorKind::kInvalidInput, std::move(reason)};
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// At most 18 digits, so that the result always fits.
int64_t parse_digits(std::string_view digits) {
  int64_t value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

// 1 to 9 fraction digits as microseconds, truncated.
int64_t fraction_micros(std::string_view digits) {
  int64_t micros = 0;
  for (size_t i = 0; i < 6; ++i) micros = micros * 10 + (i < digits.size() ? digits[i] - '0' : 0);
  return micros;
}

// Reads a lexical form left to right.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}
  bool at_end() const { return position_ == text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[position_]; }
  void skip() { ++position_; }
  bool eat(char c) {
    if (at_end() || text_[position_] != c) return false;
    ++position_;
    return true;
  }
  // The run of digits at the cursor, possibly empty.
  std::string_view digits() {
    const size_t start = position_;
    while (!at_end() && is_digit(text_[position_])) ++position_;
    return text_.substr(start, position_ - start);
  }
  std::optional<int> fixed_digits(size_t count) {
    const std::string_view run = text_.substr(position_, count);
    if (run.size() != count || !std::all_of(run.begin(), run.end(), is_digit)) return std::nullopt;
    position_ += count;
    return static_cast<int>(parse_digits(run));
  }

 private:
  std::string_view text_;
  size_t position_ = 0;
};

// "YYYY-MM-DD" with an optional '-' before the year: "-0044-03-15" is 45 BC. Years take four to
// seven digits (more than four only without a leading zero).
std::optional<int64_t> scan_date(Scanner& in) {
  const bool before_year_zero = in.eat('-');
  const std::string_view year_digits = in.digits();
  if (year_digits.size() < 4 || year_digits.size() > 7) return std::nullopt;
  if (year_digits.size() > 4 && year_digits[0] == '0') return std::nullopt;
  const int64_t year = (before_year_zero ? -1 : 1) * parse_digits(year_digits);
  if (before_year_zero && year == 0) return std::nullopt;
  if (!in.eat('-')) return std::nullopt;
  const auto month = in.fixed_digits(2);
  if (!month || !in.eat('-')) return std::nullopt;
  const auto day = in.fixed_digits(2);
  if (!day) return std::nullopt;
  const CivilDate date{year, static_cast<unsigned>(*month), static_cast<unsigned>(*day)};
  if (!is_valid_date(date)) return std::nullopt;
  return days_from_civil(date);
}

// "HH:MM:SS" with up to nine fraction digits, as microseconds; "24:00:00" is the end of the day.
std::optional<int64_t> scan_time_of_day(Scanner& in) {
  const auto hour = in.fixed_digits(2);
  if (!hour || !in.eat(':')) return std::nullopt;
  const auto minute = in.fixed_digits(2);
  if (!minute || !in.eat(':')) return std::nullopt;
  const auto second = in.fixed_digits(2);
  if (!second) return std::nullopt;
  std::string_view fraction;
  if (in.eat('.')) {
    fraction = in.digits();
    if (fraction.empty() || fraction.size() > kMaxFractionDigits) return std::nullopt;
  }
  const bool whole_seconds = fraction.find_first_not_of('0') == std::string_view::npos;
  if (*hour == 24 && *minute == 0 && *second == 0 && whole_seconds) return kMicrosPerDay;
  if (*hour > 23 || *minute > 59 || *second > 59) return std::nullopt;
  return *hour * kMicrosPerHour + *minute * kMicrosPerMinute + *second * kMicrosPerSecond +
         fraction_micros(fraction);
}

// What follows a time: nothing, "Z", or an offset "+HH:MM" / "-HHMM". Sets `offset_micros` (east
// of UTC) when there is a zone; false when the rest is malformed.
bool scan_zone(Scanner& in, std::optional<int64_t>& offset_micros) {
  if (in.at_end()) return true;
  if (in.eat('Z') || in.eat('z')) {
    offset_micros = 0;
    return in.at_end();
  }
  const bool east = in.eat('+');
  if (!east && !in.eat('-')) return false;
  const auto hours = in.fixed_digits(2);
  if (!hours) return false;
  in.eat(':');
  const auto minutes = in.fixed_digits(2);
  if (!minutes || *hours > 23 || *minutes > 59 || !in.at_end()) return false;
  offset_micros = (east ? 1 : -1) * (*hours * kMicrosPerHour + *minutes * kMicrosPerMinute);
  return true;
}

Result<Value> parse_date(std::string_view text) {
  Scanner in(text);
  const auto days = scan_date(in);
  if (!days || !in.at_end()) return refused();
  if (*days >= encode::kDateInfinity || *days <= encode::kDateNegativeInfinity) return refused();
  return Value{DateValue{static_cast<int32_t>(*days)}};
}

Result<Value> parse_date_time(std::string_view text) {
  Scanner in(text);
  const auto days = scan_date(in);
  if (!days || !(in.eat('T') || in.eat('t') || in.eat(' '))) return refused();
  const auto time = scan_time_of_day(in);
  std::optional<int64_t> offset;
  if (!time || !scan_zone(in, offset)) return refused();
  const int128_t micros = int128_t{*days} * kMicrosPerDay + *time - offset.value_or(0);
  if (micros >= encode::kTimestampInfinity || micros <= encode::kTimestampNegativeInfinity) return refused();
  return Value{TimestampValue{static_cast<int64_t>(micros), offset.has_value()}};
}

Result<Value> parse_time(std::string_view text) {
  Scanner in(text);
  const auto micros = scan_time_of_day(in);
  if (!micros || !in.at_end()) return refused();
  return Value{TimeValue{*micros}};
}

struct DurationTotals {
  int128_t months = 0;
  int128_t days = 0;
  int128_t micros = 0;
};

enum class DurationPart { kAbsent, kPresent, kMalformed };

// Reads "nX" components whose designators appear in `designators` order, each at most once; only
// 'S' takes a fraction. A component may carry its own '-' ("P1M-1D", as PostgreSQL and duckwire's
// own encoder write intervals whose parts differ in sign).
DurationPart scan_duration_part(Scanner& in, std::string_view designators, bool time_part,
                                DurationTotals& totals) {
  size_t next_designator = 0;
  DurationPart part = DurationPart::kAbsent;
  while (is_digit(in.peek()) || in.peek() == '-') {
    const int sign = in.eat('-') ? -1 : 1;
    if (!is_digit(in.peek())) return DurationPart::kMalformed;
    const std::string_view whole = in.digits();
    std::string_view fraction;
    if (time_part && (in.eat('.') || in.eat(','))) {
      fraction = in.digits();
      if (fraction.empty() || fraction.size() > kMaxFractionDigits) return DurationPart::kMalformed;
    }
    const size_t at = designators.find(in.peek(), next_designator);
    if (in.at_end() || whole.size() > 18 || at == std::string_view::npos) return DurationPart::kMalformed;
    const char designator = designators[at];
    if (!fraction.empty() && designator != 'S') return DurationPart::kMalformed;
    in.skip();
    next_designator = at + 1;
    const int128_t amount = sign * parse_digits(whole);
    if (!time_part) {
      if (designator == 'Y') totals.months += amount * 12;
      if (designator == 'M') totals.months += amount;
      if (designator == 'W') totals.days += amount * 7;
      if (designator == 'D') totals.days += amount;
    } else {
      if (designator == 'H') totals.micros += amount * kMicrosPerHour;
      if (designator == 'M') totals.micros += amount * kMicrosPerMinute;
      if (designator == 'S') totals.micros += amount * kMicrosPerSecond + sign * fraction_micros(fraction);
    }
    part = DurationPart::kPresent;
  }
  return part;
}

template <class T>
bool fits(int128_t value) {
  return value >= std::numeric_limits<T>::min() && value <= std::numeric_limits<T>::max();
}

// ISO 8601 "PnYnMnWnDTnHnMnS"; a leading '-' negates the whole duration.
Result<Value> parse_duration(std::string_view text) {
  Scanner in(text);
  const bool negative = in.eat('-');
  if (!in.eat('P')) return refused();
  DurationTotals totals;
  const DurationPart date_part = scan_duration_part(in, "YMWD", false, totals);
  if (date_part == DurationPart::kMalformed) return refused();
  // "T" needs a time component after it, and "P" alone is no duration.
  const bool has_time_part = in.eat('T');
  if (has_time_part && scan_duration_part(in, "HMS", true, totals) != DurationPart::kPresent) {
    return refused();
  }
  if (!in.at_end() || (date_part == DurationPart::kAbsent && !has_time_part)) return refused();
  const int sign = negative ? -1 : 1;
  const int128_t months = sign * totals.months;
  const int128_t days = sign * totals.days;
  const int128_t micros = sign * totals.micros;
  if (!fits<int32_t>(months) || !fits<int32_t>(days) || !fits<int64_t>(micros)) return refused();
  const auto narrow_months = static_cast<int32_t>(months);
  const auto narrow_days = static_cast<int32_t>(days);
  return Value{IntervalValue{narrow_months, narrow_days, static_cast<int64_t>(micros)}};
}

Result<Value> parse_base64(std::string_view text) {
  auto bytes = base64_decode(text);
  if (!bytes) return refused();
  return Value{BlobValue{std::move(*bytes)}};
}

struct DecimalDigits {
  bool negative = false;
  std::string_view integer;  // without leading zeros
  std::string_view fraction;
};

std::string_view strip_sign(std::string_view text, bool& negative) {
  negative = text.starts_with('-');
  if (negative || text.starts_with('+')) text.remove_prefix(1);
  return text;
}

bool all_digits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), is_digit);
}

// "[+-]digits[.digits]", ".5" and "5." included.
std::optional<DecimalDigits> split_decimal(std::string_view text) {
  DecimalDigits parts;
  text = strip_sign(text, parts.negative);
  const size_t point = text.find('.');
  parts.integer = text.substr(0, point);
  if (point != std::string_view::npos) parts.fraction = text.substr(point + 1);
  if (!all_digits(parts.integer) || !all_digits(parts.fraction)) return std::nullopt;
  if (parts.integer.empty() && parts.fraction.empty()) return std::nullopt;
  parts.integer.remove_prefix(std::min(parts.integer.size(), parts.integer.find_first_not_of('0')));
  return parts;
}

// The magnitude of decimal digits; nullopt beyond 2^128 - 1.
std::optional<uint128_t> parse_uint128(std::string_view digits) {
  const uint128_t max = ~uint128_t{0};
  uint128_t magnitude = 0;
  for (char c : digits) {
    const auto digit = static_cast<unsigned>(c - '0');
    if (magnitude > (max - digit) / 10) return std::nullopt;
    magnitude = magnitude * 10 + digit;
  }
  return magnitude;
}

// Decimal digits with an optional sign; nullopt outside [-2^127, 2^127 - 1].
std::optional<int128_t> parse_int128(std::string_view digits, bool negative) {
  const uint128_t limit = uint128_t{1} << 127;
  const auto magnitude = parse_uint128(digits);
  if (!magnitude || *magnitude > limit || (!negative && *magnitude == limit)) return std::nullopt;
  if (!negative) return static_cast<int128_t>(*magnitude);
  return *magnitude == 0 ? int128_t{0} : -static_cast<int128_t>(*magnitude - 1) - 1;
}

// The narrowest exact type: BIGINT, UBIGINT, HUGEINT or UHUGEINT.
Result<Value> parse_integer(std::string_view text) {
  bool negative = false;
  const std::string_view digits = strip_sign(text, negative);
  if (digits.empty() || !all_digits(digits)) return refused();
  if (!negative) {
    const auto magnitude = parse_uint128(digits);
    if (!magnitude) return refused("out of the range of UHUGEINT (at most 2^128 - 1)");
    const uint128_t hugeint_max = (uint128_t{1} << 127) - 1;
    if (*magnitude > hugeint_max) {
      return Value{UHugeIntValue{static_cast<uint64_t>(*magnitude >> 64), static_cast<uint64_t>(*magnitude)}};
    }
    const bool fits_ubigint_only = *magnitude > static_cast<uint128_t>(std::numeric_limits<int64_t>::max()) &&
                                   *magnitude <= std::numeric_limits<uint64_t>::max();
    if (fits_ubigint_only) return Value{static_cast<uint64_t>(*magnitude)};
  }
  const auto value = parse_int128(digits, negative);
  if (!value) return refused("out of the range of HUGEINT (at least -2^127)");
  if (fits<int64_t>(*value)) return Value{static_cast<int64_t>(*value)};
  const Int128Halves halves = split_halves(*value);
  return Value{HugeIntValue{halves.upper, halves.lower}};
}

// DECIMAL(width, scale) with the scale the text has: "-12.50" is DECIMAL(4,2).
Result<Value> parse_decimal(std::string_view text) {
  const auto parts = split_decimal(text);
  if (!parts) return refused();
  const size_t scale = parts->fraction.size();
  const size_t width = std::max(parts->integer.size() + scale, scale + 1);
  if (width > kMaxDecimalWidth) return refused("more than 38 digits");
  const std::string digits = std::string(parts->integer) + std::string(parts->fraction);
  const Int128Halves unscaled = split_halves(parse_int128(digits, parts->negative).value());
  const auto narrow_width = static_cast<uint8_t>(width);
  return Value{DecimalValue{narrow_width, static_cast<uint8_t>(scale), unscaled.upper, unscaled.lower}};
}

}  // namespace

std::optional<XsdType> xsd_type_named(std::string_view iri) {
  constexpr std::string_view kShortPrefix = "xsd:";
  constexpr std::string_view kIriPrefix = "http://www.w3.org/2001/XMLSchema#";
  std::string_view local_name;
  if (iri.starts_with(kShortPrefix)) {
    local_name = iri.substr(kShortPrefix.size());
  } else if (iri.starts_with(kIriPrefix)) {
    local_name = iri.substr(kIriPrefix.size());
  } else {
    return std::nullopt;
  }
  for (const auto& [name, type] : kXsdNames) {
    if (name == local_name) return type;
  }
  return std::nullopt;
}

std::string xsd_short_name(XsdType type) {
  for (const auto& [name, candidate] : kXsdNames) {
    if (candidate == type) return "xsd:" + std::string(name);
  }
  return "xsd:?";
}

Result<Value> parse_xsd_value(XsdType type, std::string_view text) {
  switch (type) {
    case XsdType::kDate:
      return parse_date(text);
    case XsdType::kDateTime:
      return parse_date_time(text);
    case XsdType::kTime:
      return parse_time(text);
    case XsdType::kDuration:
      return parse_duration(text);
    case XsdType::kBase64Binary:
      return parse_base64(text);
    case XsdType::kInteger:
      return parse_integer(text);
    case XsdType::kDecimal:
      return parse_decimal(text);
  }
  return refused();
}

}  // namespace duckwire::jsonrpc
