#include "protocols/jsonrpc/json_params.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "util/base64.hpp"

namespace duckwire::jsonrpc {

namespace {

__extension__ using Int128 = __int128;
__extension__ using UInt128 = unsigned __int128;

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;
constexpr int kMaxDecimalWidth = 38;
constexpr size_t kMaxFractionDigits = 9;

enum class XsdType { kDate, kDateTime, kTime, kDuration, kBase64Binary, kInteger, kDecimal };

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

std::string short_name(XsdType type) {
  for (const auto& [name, candidate] : kXsdNames) {
    if (candidate == type) return "xsd:" + std::string(name);
  }
  return "xsd:?";
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

bool is_leap_year(int64_t year) {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int days_in_month(int64_t year, int month) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date with an astronomical year (H. Hinnant).
int64_t days_from_civil(int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

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
  if (!day || *month < 1 || *month > 12 || *day < 1 || *day > days_in_month(year, *month)) {
    return std::nullopt;
  }
  return days_from_civil(year, *month, *day);
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

std::optional<Value> parse_date(std::string_view text) {
  Scanner in(text);
  const auto days = scan_date(in);
  // DuckDB keeps +-INT32_MAX for the infinities.
  if (!days || !in.at_end() || *days >= INT32_MAX || *days <= -INT32_MAX) return std::nullopt;
  return Value{DateValue{static_cast<int32_t>(*days)}};
}

std::optional<Value> parse_date_time(std::string_view text) {
  Scanner in(text);
  const auto days = scan_date(in);
  if (!days || !(in.eat('T') || in.eat('t') || in.eat(' '))) return std::nullopt;
  const auto time = scan_time_of_day(in);
  std::optional<int64_t> offset;
  if (!time || !scan_zone(in, offset)) return std::nullopt;
  const Int128 micros = Int128{*days} * kMicrosPerDay + *time - offset.value_or(0);
  // DuckDB keeps +-INT64_MAX for the infinities.
  if (micros >= INT64_MAX || micros <= -INT64_MAX) return std::nullopt;
  return Value{TimestampValue{static_cast<int64_t>(micros), offset.has_value()}};
}

std::optional<Value> parse_time(std::string_view text) {
  Scanner in(text);
  const auto micros = scan_time_of_day(in);
  if (!micros || !in.at_end()) return std::nullopt;
  return Value{TimeValue{*micros}};
}

struct DurationTotals {
  Int128 months = 0;
  Int128 days = 0;
  Int128 micros = 0;
};

enum class DurationPart { kAbsent, kPresent, kMalformed };

// Reads "nX" components whose designators appear in `designators` order, each at most once; only
// 'S' takes a fraction.
DurationPart scan_duration_part(Scanner& in, std::string_view designators, bool time_part,
                                DurationTotals& totals) {
  size_t next_designator = 0;
  DurationPart part = DurationPart::kAbsent;
  while (is_digit(in.peek())) {
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
    const Int128 amount = parse_digits(whole);
    if (!time_part) {
      if (designator == 'Y') totals.months += amount * 12;
      if (designator == 'M') totals.months += amount;
      if (designator == 'W') totals.days += amount * 7;
      if (designator == 'D') totals.days += amount;
    } else {
      if (designator == 'H') totals.micros += amount * kMicrosPerHour;
      if (designator == 'M') totals.micros += amount * kMicrosPerMinute;
      if (designator == 'S') totals.micros += amount * kMicrosPerSecond + fraction_micros(fraction);
    }
    part = DurationPart::kPresent;
  }
  return part;
}

template <class T>
bool fits(Int128 value) {
  return value >= std::numeric_limits<T>::min() && value <= std::numeric_limits<T>::max();
}

// ISO 8601 "PnYnMnWnDTnHnMnS"; a leading '-' negates the whole duration.
std::optional<Value> parse_duration(std::string_view text) {
  Scanner in(text);
  const bool negative = in.eat('-');
  if (!in.eat('P')) return std::nullopt;
  DurationTotals totals;
  const DurationPart date_part = scan_duration_part(in, "YMWD", false, totals);
  if (date_part == DurationPart::kMalformed) return std::nullopt;
  // "T" needs a time component after it, and "P" alone is no duration.
  const bool has_time_part = in.eat('T');
  if (has_time_part && scan_duration_part(in, "HMS", true, totals) != DurationPart::kPresent) {
    return std::nullopt;
  }
  if (!in.at_end() || (date_part == DurationPart::kAbsent && !has_time_part)) return std::nullopt;
  const int sign = negative ? -1 : 1;
  const Int128 months = sign * totals.months;
  const Int128 days = sign * totals.days;
  const Int128 micros = sign * totals.micros;
  if (!fits<int32_t>(months) || !fits<int32_t>(days) || !fits<int64_t>(micros)) return std::nullopt;
  const auto narrow_months = static_cast<int32_t>(months);
  const auto narrow_days = static_cast<int32_t>(days);
  return Value{IntervalValue{narrow_months, narrow_days, static_cast<int64_t>(micros)}};
}

std::optional<Value> parse_base64(std::string_view text) {
  auto bytes = base64_decode(text);
  if (!bytes) return std::nullopt;
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

HugeIntValue to_huge_int(Int128 value) {
  return HugeIntValue{static_cast<int64_t>(value >> 64), static_cast<uint64_t>(value)};
}

Value integer_value(Int128 value) {
  if (fits<int64_t>(value)) return Value{static_cast<int64_t>(value)};
  return Value{to_huge_int(value)};
}

// Decimal digits with an optional sign; nullopt outside [-2^127, 2^127 - 1].
std::optional<Int128> parse_int128(std::string_view digits, bool negative) {
  const UInt128 limit = UInt128{1} << 127;
  UInt128 magnitude = 0;
  for (char c : digits) {
    const int digit = c - '0';
    if (magnitude > (limit - digit) / 10) return std::nullopt;
    magnitude = magnitude * 10 + digit;
  }
  if (!negative) {
    if (magnitude == limit) return std::nullopt;
    return static_cast<Int128>(magnitude);
  }
  return magnitude == 0 ? Int128{0} : -static_cast<Int128>(magnitude - 1) - 1;
}

std::string truncated_json(const boost::json::value& v) {
  constexpr size_t kMaxShown = 80;
  std::string text = boost::json::serialize(v);
  if (text.size() > kMaxShown) text = text.substr(0, kMaxShown) + "...";
  return text;
}

Error invalid(std::string message) {
  return Error{ErrorKind::kInvalidInput, std::move(message)};
}

Error not_valid(const boost::json::value& v, XsdType type, std::string_view why = {}) {
  std::string message = truncated_json(v) + " is not a valid " + short_name(type);
  if (!why.empty()) message += " (" + std::string(why) + ")";
  return invalid(std::move(message));
}

Result<Value> integer_from_json(const boost::json::value& v) {
  if (v.is_int64()) return Value{v.get_int64()};
  if (v.is_uint64()) return integer_value(static_cast<Int128>(v.get_uint64()));
  if (!v.is_string()) return not_valid(v, XsdType::kInteger, "@value must be a string or an integer");
  bool negative = false;
  const std::string_view digits = strip_sign(v.get_string(), negative);
  if (digits.empty() || !all_digits(digits)) return not_valid(v, XsdType::kInteger);
  const auto value = parse_int128(digits, negative);
  if (!value) return not_valid(v, XsdType::kInteger, "out of the 128-bit range");
  return integer_value(*value);
}

// A JSON number as decimal text: doubles in their shortest fixed-point form that reads back the same.
std::optional<std::string> number_text(const boost::json::value& v) {
  if (v.is_int64()) return std::to_string(v.get_int64());
  if (v.is_uint64()) return std::to_string(v.get_uint64());
  if (!v.is_double()) return std::nullopt;
  std::array<char, 512> buffer;
  const auto [end, ec] =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), v.get_double(), std::chars_format::fixed);
  if (ec != std::errc{}) return std::nullopt;
  return std::string(buffer.data(), end);
}

Result<Value> decimal_from_json(const boost::json::value& v) {
  std::optional<std::string> text = v.is_string() ? std::string(v.get_string()) : number_text(v);
  if (!text) return not_valid(v, XsdType::kDecimal, "@value must be a string or a number");
  const auto parts = split_decimal(*text);
  if (!parts) return not_valid(v, XsdType::kDecimal);
  const size_t scale = parts->fraction.size();
  const size_t width = std::max(parts->integer.size() + scale, scale + 1);
  if (width > kMaxDecimalWidth) return not_valid(v, XsdType::kDecimal, "more than 38 digits");
  const std::string digits = std::string(parts->integer) + std::string(parts->fraction);
  const Int128 unscaled = parse_int128(digits, parts->negative).value();
  const HugeIntValue bits = to_huge_int(unscaled);
  const auto narrow_width = static_cast<uint8_t>(width);
  return Value{DecimalValue{narrow_width, static_cast<uint8_t>(scale), bits.upper, bits.lower}};
}

Result<Value> typed_value(const boost::json::value& value, const boost::json::value& type_iri) {
  if (!type_iri.is_string()) return invalid("@type must be a string, got " + truncated_json(type_iri));
  const auto type = xsd_type_named(type_iri.get_string());
  if (!type) return invalid("unknown @type " + truncated_json(type_iri));
  if (*type == XsdType::kInteger) return integer_from_json(value);
  if (*type == XsdType::kDecimal) return decimal_from_json(value);
  if (!value.is_string()) return not_valid(value, *type, "@value must be a string");
  const std::string_view text = value.get_string();
  std::optional<Value> parsed;
  switch (*type) {
    case XsdType::kDate:
      parsed = parse_date(text);
      break;
    case XsdType::kDateTime:
      parsed = parse_date_time(text);
      break;
    case XsdType::kTime:
      parsed = parse_time(text);
      break;
    case XsdType::kDuration:
      parsed = parse_duration(text);
      break;
    default:
      parsed = parse_base64(text);
      break;
  }
  if (!parsed) return not_valid(value, *type);
  return std::move(*parsed);
}

bool is_typed_value(const boost::json::object& object) {
  return object.size() == 2 && object.contains("@value") && object.contains("@type");
}

Result<Value> list_from_json(const boost::json::array& array) {
  ListValue list;
  for (const boost::json::value& item : array) {
    auto value = value_from_json(item);
    if (!value) return value.error();
    list.items.push_back(std::move(value).value());
  }
  return Value{std::move(list)};
}

Result<Value> struct_from_json(const boost::json::object& object) {
  if (is_typed_value(object)) return typed_value(object.at("@value"), object.at("@type"));
  StructValue record;
  for (const auto& member : object) {
    auto value = value_from_json(member.value());
    if (!value) return value.error();
    record.members.emplace_back(std::string(member.key()), std::move(value).value());
  }
  return Value{std::move(record)};
}

Error invalid_params(const std::string& parameter, const Error& error) {
  return invalid("Invalid params: " + parameter + ": " + error.message);
}

}  // namespace

Result<Value> value_from_json(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      return Value{NullValue{}};
    case boost::json::kind::bool_:
      return Value{v.get_bool()};
    case boost::json::kind::int64:
      return Value{v.get_int64()};
    case boost::json::kind::uint64:
      return Value{v.get_uint64()};
    case boost::json::kind::double_:
      return Value{v.get_double()};
    case boost::json::kind::string:
      return Value{std::string(v.get_string())};
    case boost::json::kind::array:
      return list_from_json(v.get_array());
    case boost::json::kind::object:
      return struct_from_json(v.get_object());
  }
  return invalid("unsupported JSON value");
}

Result<Parameters> parameters_from_json(const boost::json::value& p) {
  Parameters parameters;
  if (p.is_array()) {
    const boost::json::array& values = p.get_array();
    for (size_t i = 0; i < values.size(); ++i) {
      auto value = value_from_json(values[i]);
      if (!value) return invalid_params("parameter " + std::to_string(i + 1), value.error());
      parameters.positional.push_back(std::move(value).value());
    }
  } else if (p.is_object()) {
    for (const auto& member : p.get_object()) {
      const std::string name(member.key());
      auto value = value_from_json(member.value());
      if (!value) return invalid_params("parameter \"" + name + "\"", value.error());
      parameters.named.emplace_back(name, std::move(value).value());
    }
  } else if (!p.is_null()) {
    return invalid("Invalid params: parameters must be an array or an object, got " + truncated_json(p));
  }
  return parameters;
}

}  // namespace duckwire::jsonrpc
