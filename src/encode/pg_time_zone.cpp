#include "encode/pg_time_zone.hpp"

#include <unicode/ucal.h>
#include <unicode/uenum.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>

#include "util/ascii.hpp"
#include "util/calendar.hpp"

namespace duckwire::encode::pg {

namespace {

constexpr double kForever = std::numeric_limits<double>::infinity();

// Every zone ICU knows, by lower-case name, with its own spelling.
const std::unordered_map<std::string, std::string>& zone_names() {
  static const std::unordered_map<std::string, std::string> names = [] {
    std::unordered_map<std::string, std::string> all;
    UErrorCode status = U_ZERO_ERROR;
    UEnumeration* zones = ucal_openTimeZoneIDEnumeration(UCAL_ZONE_TYPE_ANY, nullptr, nullptr, &status);
    if (U_FAILURE(status)) return all;
    int32_t length = 0;
    while (const char* id = uenum_next(zones, &length, &status)) {
      if (U_FAILURE(status)) break;
      std::string name(id, static_cast<size_t>(length));
      all.emplace(ascii_lower(name), name);
    }
    uenum_close(zones);
    return all;
  }();
  return names;
}

struct CalendarCloser {
  void operator()(UCalendar* calendar) const { ucal_close(calendar); }
};
using CalendarHandle = std::unique_ptr<UCalendar, CalendarCloser>;

CalendarHandle open_calendar(const std::string& zone) {
  std::u16string id(zone.begin(), zone.end());  // zone IDs are ASCII
  UErrorCode status = U_ZERO_ERROR;
  UCalendar* calendar = ucal_open(reinterpret_cast<const UChar*>(id.data()), static_cast<int32_t>(id.size()),
                                  "en_US", UCAL_GREGORIAN, &status);
  if (U_FAILURE(status)) return nullptr;
  return CalendarHandle(calendar);
}

// "05", "5:30", "05:30:15" → seconds; nullopt when malformed or beyond PostgreSQL's 15:59:59.
std::optional<int32_t> parse_clock(std::string_view text) {
  int32_t parts[3] = {0, 0, 0};
  size_t part = 0;
  size_t i = 0;
  while (true) {
    const size_t start = i;
    while (i < text.size() && (text[i] >= '0' && text[i] <= '9') && i - start < 2) ++i;
    if (i == start) return std::nullopt;
    std::from_chars(text.data() + start, text.data() + i, parts[part]);
    if (i == text.size()) break;
    if (text[i] != ':' || ++part == 3) return std::nullopt;
    ++i;
  }
  if (parts[0] > 15 || parts[1] > 59 || parts[2] > 59) return std::nullopt;
  return parts[0] * 3600 + parts[1] * 60 + parts[2];
}

// A POSIX-style zone without daylight-saving rules: an optional name ("UTC", "EST", "<-08>"), then an
// offset WEST of Greenwich ("+3", "-05:30", "8"). Returns seconds EAST of UTC.
std::optional<int32_t> parse_posix_offset(std::string_view text) {
  size_t i = 0;
  if (!text.empty() && text[0] == '<') {
    i = text.find('>');
    if (i == std::string_view::npos) return std::nullopt;
    ++i;
  } else {
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    if (i != 0 && i < 3) return std::nullopt;
  }
  std::string_view rest = text.substr(i);
  if (rest.empty()) return std::nullopt;
  int sign = 1;
  if (rest[0] == '+' || rest[0] == '-') {
    sign = rest[0] == '-' ? -1 : 1;
    rest.remove_prefix(1);
  }
  const auto west = parse_clock(rest);
  if (!west) return std::nullopt;
  return -sign * *west;
}

}  // namespace

struct TimeZone::State {
  std::string name;
  int32_t fixed_offset = 0;  // seconds east, when `calendar` is null
  CalendarHandle calendar;
  // The offset found last and the instants (ms, [from, until)) it holds for.
  mutable double valid_from = kForever;
  mutable double valid_until = -kForever;
  mutable int32_t cached_offset = 0;

  std::unique_ptr<State> clone() const {
    auto copy = std::make_unique<State>();
    copy->name = name;
    copy->fixed_offset = fixed_offset;
    if (calendar) {
      UErrorCode status = U_ZERO_ERROR;
      copy->calendar.reset(ucal_clone(calendar.get(), &status));
      if (U_FAILURE(status)) copy->calendar = open_calendar(name);
    }
    return copy;
  }

  int32_t offset_at(double millis) const {
    if (millis >= valid_from && millis < valid_until) return cached_offset;
    UErrorCode status = U_ZERO_ERROR;
    UCalendar* cal = calendar.get();
    ucal_setMillis(cal, millis, &status);
    const int32_t offset_ms =
        ucal_get(cal, UCAL_ZONE_OFFSET, &status) + ucal_get(cal, UCAL_DST_OFFSET, &status);
    if (U_FAILURE(status)) return 0;
    UDate previous = 0;
    UDate next = 0;
    valid_from =
        ucal_getTimeZoneTransitionDate(cal, UCAL_TZ_TRANSITION_PREVIOUS_INCLUSIVE, &previous, &status)
            ? previous
            : -kForever;
    valid_until =
        ucal_getTimeZoneTransitionDate(cal, UCAL_TZ_TRANSITION_NEXT, &next, &status) ? next : kForever;
    if (U_FAILURE(status) || !(millis >= valid_from && millis < valid_until)) {
      valid_from = kForever;  // no usable range: ask ICU every time
      valid_until = -kForever;
    }
    cached_offset = static_cast<int32_t>(std::lround(offset_ms / 1000.0));
    return cached_offset;
  }
};

TimeZone::TimeZone(std::unique_ptr<State> state) : state_(std::move(state)) {}
TimeZone::TimeZone(const TimeZone& other) : state_(other.state_->clone()) {}
TimeZone& TimeZone::operator=(const TimeZone& other) {
  if (this != &other) state_ = other.state_->clone();
  return *this;
}
TimeZone::TimeZone(TimeZone&&) noexcept = default;
TimeZone& TimeZone::operator=(TimeZone&&) noexcept = default;
TimeZone::~TimeZone() = default;

TimeZone TimeZone::utc() {
  auto state = std::make_unique<State>();
  state->name = "UTC";
  return TimeZone(std::move(state));
}

Result<TimeZone> TimeZone::find(std::string_view name) {
  const std::string lower = ascii_lower(name);
  if (lower == "utc" || lower == "gmt" || lower == "z" || lower == "zulu" || lower == "etc/utc") {
    auto zone = utc();
    zone.state_->name = std::string(name);
    return zone;
  }
  const auto& names = zone_names();
  if (auto known = names.find(lower); known != names.end()) {
    auto state = std::make_unique<State>();
    state->name = known->second;
    state->calendar = open_calendar(known->second);
    if (state->calendar) return TimeZone(std::move(state));
  }
  if (auto offset = parse_posix_offset(name)) {
    auto state = std::make_unique<State>();
    state->name = std::string(name);
    state->fixed_offset = *offset;
    return TimeZone(std::move(state));
  }
  return Error{ErrorKind::kInvalidParameter,
               "invalid value for parameter \"TimeZone\": \"" + std::string(name) + "\""};
}

const std::string& TimeZone::name() const {
  return state_->name;
}

bool TimeZone::is_utc() const {
  return !state_->calendar && state_->fixed_offset == 0;
}

int32_t TimeZone::utc_offset_at(int64_t utc_micros) const {
  if (!state_->calendar) return state_->fixed_offset;
  const int64_t millis = utc_micros / 1000 - (utc_micros % 1000 < 0 ? 1 : 0);
  return state_->offset_at(static_cast<double>(millis));
}

}  // namespace duckwire::encode::pg
