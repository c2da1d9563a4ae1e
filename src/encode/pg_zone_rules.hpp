#pragma once
// The rules of one time zone as the tz database writes them (RFC 8536 TZif files, as PostgreSQL and
// the C library read them from /usr/share/zoneinfo): the UTC offset at every transition, and past the
// last one the POSIX TZ rule of the file's footer ("EST5EDT,M3.2.0,M11.1.0").

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace duckwire::encode::pg {

// A POSIX TZ string's rules: a standard offset and, optionally, a daylight one with the yearly dates
// it starts and ends.
struct PosixRule {
  struct Date {
    char kind = 'M';  // 'M' month.week.day, 'J' day 1..365 without Feb 29, 'n' day 0..365
    int month = 0, week = 0, weekday = 0, day = 0;
    int32_t time = 7200;  // seconds after local midnight
  };
  int32_t standard = 0;  // seconds EAST of UTC (the string says WEST)
  std::optional<int32_t> daylight;
  Date start, end;
};

// "EST5EDT,M3.2.0,M11.1.0", "<+0330>-3:30", "UTC+3", "+05:30" (the name may be left out, as PostgreSQL
// allows); nullopt when malformed or when an offset passes 24 hours (PostgreSQL: 15:59:59).
std::optional<PosixRule> parse_posix_rule(std::string_view text);

struct OffsetSpan {
  int32_t offset;  // seconds east of UTC
  int64_t from;    // UTC seconds, inclusive
  int64_t until;   // UTC seconds, exclusive
};

// The offset at `utc_seconds` and the span of instants that share it.
OffsetSpan offset_of_rule(const PosixRule& rule, int64_t utc_seconds);

class ZoneRules {
 public:
  // nullopt when `bytes` is not a TZif file.
  static std::optional<ZoneRules> parse(std::string_view bytes);
  static ZoneRules of(const PosixRule& rule);
  OffsetSpan offset_at(int64_t utc_seconds) const;

 private:
  std::vector<int64_t> transitions_;   // UTC seconds, ascending
  std::vector<int32_t> offset_after_;  // the offset from each transition on
  int32_t initial_ = 0;                // before the first transition
  std::optional<PosixRule> footer_;    // after the last transition
};

}  // namespace duckwire::encode::pg
