#pragma once
// The proleptic Gregorian calendar on days since 1970-01-01, with astronomical years, and the
// lengths of a day's units in microseconds.

#include <cstdint>

namespace duckwire {

inline constexpr int64_t kSecondsPerDay = 86'400;
inline constexpr int64_t kMicrosPerSecond = 1'000'000;
inline constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
inline constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
inline constexpr int64_t kMicrosPerDay = kSecondsPerDay * kMicrosPerSecond;

struct CivilDate {
  int64_t year;  // astronomical: 0 is 1 BC, -44 is 45 BC
  unsigned month;
  unsigned day;
};

CivilDate civil_from_days(int64_t days_since_epoch);
int64_t days_from_civil(const CivilDate& date);

// False for months outside 1..12 and days the month does not have (2019-02-29).
bool is_valid_date(const CivilDate& date);

}  // namespace duckwire
