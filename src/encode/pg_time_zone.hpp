#pragma once
// Time zones for PostgreSQL's timestamptz text: the UTC offset of any instant in a zone, with its
// daylight-saving rules, from the system's ICU zone database. One object is for one thread at a
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
  // "GMT", "Z", or a POSIX-style fixed offset as PostgreSQL reads it: "+05:30", "UTC+3", "-8" are
  // hours WEST of Greenwich (so "+05:30" prints timestamps with -05:30). An unknown name fails with
  // ErrorKind::kInvalidParameter: `invalid value for parameter "TimeZone": "Mars/Base"`.
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
  // Caches the current rule's validity range, so sorted or clustered instants rarely reach ICU.
  int32_t utc_offset_at(int64_t utc_micros) const;
  bool is_utc() const;

  struct State;

 private:
  explicit TimeZone(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace duckwire::encode::pg
