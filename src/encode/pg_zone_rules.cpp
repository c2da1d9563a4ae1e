#include "encode/pg_zone_rules.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

#include "encode/pg_binary.hpp"
#include "util/calendar.hpp"

namespace duckwire::encode::pg {

namespace {

constexpr int64_t kNever = std::numeric_limits<int64_t>::max();
constexpr int64_t kAlways = std::numeric_limits<int64_t>::min();

struct Cursor {
  std::string_view text;
  size_t at = 0;
  char peek() const { return at < text.size() ? text[at] : '\0'; }
  bool take(char c) {
    if (peek() != c || at >= text.size()) return false;
    ++at;
    return true;
  }
  std::optional<int> number(int max_digits) {
    const size_t start = at;
    int value = 0;
    while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at])) &&
           static_cast<int>(at - start) < max_digits) {
      value = value * 10 + (text[at++] - '0');
    }
    if (at == start) return std::nullopt;
    return value;
  }
};

// A zone abbreviation: three or more letters, or anything between '<' and '>'.
bool skip_name(Cursor& in, bool optional) {
  if (in.take('<')) {
    const size_t close = in.text.find('>', in.at);
    if (close == std::string_view::npos) return false;
    in.at = close + 1;
    return true;
  }
  const size_t start = in.at;
  while (std::isalpha(static_cast<unsigned char>(in.peek()))) ++in.at;
  const size_t length = in.at - start;
  return length >= 3 || (optional && length == 0);
}

// [+-]hh[:mm[:ss]] as signed seconds; hours up to `max_hours`.
std::optional<int32_t> clock_seconds(Cursor& in, int max_hours) {
  int sign = 1;
  if (in.take('-')) {
    sign = -1;
  } else {
    in.take('+');
  }
  const auto hours = in.number(3);
  if (!hours || *hours > max_hours) return std::nullopt;
  int minutes = 0;
  int seconds = 0;
  if (in.take(':')) {
    const auto m = in.number(2);
    if (!m || *m > 59) return std::nullopt;
    minutes = *m;
    if (in.take(':')) {
      const auto s = in.number(2);
      if (!s || *s > 59) return std::nullopt;
      seconds = *s;
    }
  }
  return sign * (*hours * 3600 + minutes * 60 + seconds);
}

std::optional<PosixRule::Date> rule_date(Cursor& in) {
  PosixRule::Date date;
  if (in.take('M')) {
    date.kind = 'M';
    const auto month = in.number(2);
    if (!month || !in.take('.')) return std::nullopt;
    const auto week = in.number(1);
    if (!week || !in.take('.')) return std::nullopt;
    const auto weekday = in.number(1);
    if (!weekday || *month < 1 || *month > 12 || *week < 1 || *week > 5 || *weekday > 6) return std::nullopt;
    date.month = *month;
    date.week = *week;
    date.weekday = *weekday;
  } else {
    date.kind = in.take('J') ? 'J' : 'n';
    const auto day = in.number(3);
    if (!day || *day > 365 || (date.kind == 'J' && *day < 1)) return std::nullopt;
    date.day = *day;
  }
  if (in.take('/')) {
    const auto time = clock_seconds(in, 167);
    if (!time) return std::nullopt;
    date.time = *time;
  }
  return date;
}

bool is_leap(int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

// Days since 1970-01-01 of the rule's date in `year`.
int64_t rule_day(const PosixRule::Date& date, int64_t year) {
  const int64_t january_first = days_from_civil({year, 1, 1});
  if (date.kind == 'J') {
    // Day 1..365, February 29 never counted.
    int64_t day = date.day - 1;
    if (is_leap(year) && date.day >= 60) ++day;
    return january_first + day;
  }
  if (date.kind == 'n') return january_first + date.day;
  const int64_t first = days_from_civil({year, static_cast<unsigned>(date.month), 1});
  const int64_t first_weekday = ((first + 4) % 7 + 7) % 7;  // 1970-01-01 was a Thursday (4)
  int64_t day = first + (date.weekday - first_weekday + 7) % 7 + (date.week - 1) * 7;
  const int64_t next_month = date.month == 12
                                 ? days_from_civil({year + 1, 1, 1})
                                 : days_from_civil({year, static_cast<unsigned>(date.month + 1), 1});
  while (day >= next_month) day -= 7;  // week 5: the last such weekday
  return day;
}

}  // namespace

std::optional<PosixRule> parse_posix_rule(std::string_view text) {
  Cursor in{text};
  PosixRule rule;
  if (!skip_name(in, true)) return std::nullopt;
  const auto west = clock_seconds(in, 24);
  if (!west) return std::nullopt;
  rule.standard = -*west;
  if (in.at == text.size()) return rule;
  if (!skip_name(in, false)) return std::nullopt;
  rule.daylight = rule.standard + 3600;
  if (in.peek() != ',' && in.at < text.size()) {
    const auto daylight_west = clock_seconds(in, 24);
    if (!daylight_west) return std::nullopt;
    rule.daylight = -*daylight_west;
  }
  if (!in.take(',')) {
    // No dates: the United States' rules, as POSIX leaves it to the implementation and tzcode does.
    Cursor defaults{"M3.2.0,M11.1.0"};
    rule.start = *rule_date(defaults);
    defaults.take(',');
    rule.end = *rule_date(defaults);
    return in.at == text.size() ? std::optional<PosixRule>(rule) : std::nullopt;
  }
  const auto start = rule_date(in);
  if (!start || !in.take(',')) return std::nullopt;
  const auto end = rule_date(in);
  if (!end || in.at != text.size()) return std::nullopt;
  rule.start = *start;
  rule.end = *end;
  return rule;
}

OffsetSpan offset_of_rule(const PosixRule& rule, int64_t utc_seconds) {
  if (!rule.daylight) return {rule.standard, kAlways, kNever};
  // The transitions of the years around the instant, each with the offset it starts.
  struct Change {
    int64_t at;
    int32_t offset;
  };
  const int64_t year =
      civil_from_days(utc_seconds / kSecondsPerDay - (utc_seconds % kSecondsPerDay < 0 ? 1 : 0)).year;
  Change changes[6];
  size_t count = 0;
  for (int64_t y = year - 1; y <= year + 1; ++y) {
    // Daylight time starts at a standard-time wall clock and ends at a daylight-time one.
    changes[count++] = {rule_day(rule.start, y) * kSecondsPerDay + rule.start.time - rule.standard,
                        *rule.daylight};
    changes[count++] = {rule_day(rule.end, y) * kSecondsPerDay + rule.end.time - *rule.daylight,
                        rule.standard};
  }
  std::sort(changes, changes + count, [](const Change& a, const Change& b) { return a.at < b.at; });
  size_t last = 0;
  while (last + 1 < count && changes[last + 1].at <= utc_seconds) ++last;
  return {changes[last].offset, changes[last].at, last + 1 < count ? changes[last + 1].at : kNever};
}

std::optional<ZoneRules> ZoneRules::parse(std::string_view bytes) {
  constexpr size_t kHeader = 44;
  auto counts = [&](size_t at, uint32_t(&out)[6]) {
    if (bytes.size() < at + kHeader || bytes.substr(at, 4) != "TZif") return false;
    for (int i = 0; i < 6; ++i) out[i] = load_big_endian<uint32_t>(bytes.data() + at + 20 + 4 * i);
    return true;
  };
  uint32_t v1[6];
  if (!counts(0, v1)) return std::nullopt;
  const char version = bytes[4];
  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  auto block_size = [](const uint32_t(&c)[6], size_t time_size) {
    return static_cast<size_t>(c[3]) * time_size + c[3] + static_cast<size_t>(c[4]) * 6 + c[5] +
           static_cast<size_t>(c[2]) * (time_size + 4) + c[1] + c[0];
  };
  size_t at = kHeader;
  size_t time_size = 4;
  uint32_t c[6];
  std::copy(v1, v1 + 6, c);
  if (version >= '2') {
    at = kHeader + block_size(v1, 4);
    if (!counts(at, c)) return std::nullopt;
    at += kHeader;
    time_size = 8;
  }
  if (bytes.size() < at + block_size(c, time_size) || c[4] == 0) return std::nullopt;
  ZoneRules rules;
  const char* times = bytes.data() + at;
  const char* indices = times + static_cast<size_t>(c[3]) * time_size;
  const char* types = indices + c[3];
  std::vector<int32_t> type_offsets(c[4]);
  for (uint32_t t = 0; t < c[4]; ++t) type_offsets[t] = load_big_endian<int32_t>(types + 6 * t);
  rules.initial_ = type_offsets[0];
  for (uint32_t i = 0; i < c[3]; ++i) {
    const int64_t when =
        time_size == 8 ? load_big_endian<int64_t>(times + 8 * i) : load_big_endian<int32_t>(times + 4 * i);
    const auto type = static_cast<uint8_t>(indices[i]);
    if (type >= c[4]) return std::nullopt;
    rules.transitions_.push_back(when);
    rules.offset_after_.push_back(type_offsets[type]);
  }
  if (!std::is_sorted(rules.transitions_.begin(), rules.transitions_.end())) return std::nullopt;
  if (version >= '2') {
    const std::string_view footer = bytes.substr(at + block_size(c, time_size));
    if (footer.size() >= 2 && footer[0] == '\n') {
      const size_t end = footer.find('\n', 1);
      if (end != std::string_view::npos && end > 1)
        rules.footer_ = parse_posix_rule(footer.substr(1, end - 1));
    }
  }
  return rules;
}

ZoneRules ZoneRules::of(const PosixRule& rule) {
  ZoneRules rules;
  rules.initial_ = rule.standard;
  rules.footer_ = rule;
  return rules;
}

OffsetSpan ZoneRules::offset_at(int64_t utc_seconds) const {
  const auto next = std::upper_bound(transitions_.begin(), transitions_.end(), utc_seconds);
  if (next == transitions_.begin()) {
    if (transitions_.empty() && footer_) return offset_of_rule(*footer_, utc_seconds);
    return {initial_, kAlways, transitions_.empty() ? kNever : transitions_.front()};
  }
  const auto index = static_cast<size_t>(next - transitions_.begin() - 1);
  if (next == transitions_.end() && footer_) {
    OffsetSpan span = offset_of_rule(*footer_, utc_seconds);
    span.from = std::max(span.from, transitions_.back());
    return span;
  }
  return {offset_after_[index], transitions_[index], next == transitions_.end() ? kNever : *next};
}

}  // namespace duckwire::encode::pg
