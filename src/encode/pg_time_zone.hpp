#pragma once
// Time zones for PostgreSQL's timestamptz text: the UTC offset of any instant in a zone, with its
// daylight-saving rules, from the system's tz database (/usr/share/zoneinfo, or $TZDIR), the files
// PostgreSQL itself reads on Debian. One object is for one thread at a
// time (it caches the last rule it found); copies are independent.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "util/error.hpp"

namespace duckwire::encode::pg {

class TimeZone {
 public:
  // `name`: an IANA zone ("Europe/Paris", "america/new_york": matched case-insensitively), "UTC",
  // "Z", or a POSIX TZ string as PostgreSQL reads it ("+05:30", "UTC+3", "<-08>+08", "CET-1CEST,M3.5.0,
  // M10.5.0/3"): offsets WEST of Greenwich (so "+05:30" prints timestamps with -05:30). An unknown name fails
  // with ErrorKind::kInvalidParameter: `invalid value for parameter "TimeZone": "Mars/Base"`.
  static Result<TimeZone> find(std::string_view name);
  static TimeZone utc();
  TimeZone(const TimeZone& other);
  TimeZone& operator=(const TimeZone& other);
  TimeZone(TimeZone&&) noexcept;
  TimeZone& operator=(TimeZone&&) noexcept;
  ~TimeZone();

  // The zone's name as SHOW TimeZone prints it after SET ("Europe/Paris", "UTC", "<+05:30>-05:30").
  const std::string& name() const;
  // Seconds EAST of UTC at the instant `utc_micros` (microseconds since 1970-01-01 00:00:00 UTC).
  // Caches the span the last offset holds for, so sorted or clustered instants rarely search the rules.
  int32_t utc_offset_at(int64_t utc_micros) const;
  bool is_utc() const;

  struct State;

 private:
  explicit TimeZone(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace duckwire::encode::pg
